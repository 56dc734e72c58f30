"""
Bracket rendering of nested entities, like the case-study table of the paper:
``[[[United Nations]ORG secretary general]PER Kofi Annan]PER``.

``python -m locate_label_allennlp.visualization.brackets PREDICTIONS.jsonl`` prints one line per
prediction of ``allennlp predict ... --predictor nested_ner``.
"""
import argparse
import json
import sys
from typing import Dict, Iterable, List, Sequence


def to_brackets(tokens: Sequence[str], entities: Iterable[Dict]) -> str:
    """
    Wraps each entity ``{"start", "end" (exclusive), "type"}`` in ``[...]TYPE``. Outer entities open
    before and close after the entities nested in them.
    """
    opening: List[List[Dict]] = [[] for _ in tokens]
    closing: List[List[Dict]] = [[] for _ in tokens]
    for entity in entities:
        opening[entity["start"]].append(entity)
        closing[entity["end"] - 1].append(entity)
    pieces = []
    for index, token in enumerate(tokens):
        # Longest first when opening, shortest first when closing.
        opens = sorted(opening[index], key=lambda e: -e["end"])
        closes = sorted(closing[index], key=lambda e: -e["start"])
        piece = "[" * len(opens) + token + "".join(f"]{e['type']}" for e in closes)
        pieces.append(piece)
    return " ".join(pieces)


def main(argv: Sequence[str] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("predictions", help="JSON lines written by `allennlp predict --predictor nested_ner`")
    args = parser.parse_args(argv)
    with open(args.predictions, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                prediction = json.loads(line)
                print(to_brackets(prediction["tokens"], prediction["entities"]))
                for entity in prediction["entities"]:
                    print(f"    {entity['type']:<10} {entity['score']:.2f}  {entity['text']}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
