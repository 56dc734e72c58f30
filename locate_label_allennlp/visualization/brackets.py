"""
Bracket rendering of nested entities, like the case-study table of the paper:
``[[[United Nations]ORG secretary general]PER Kofi Annan]PER``.

``python -m locate_label_allennlp.visualization.brackets PREDICTIONS.jsonl`` prints one line per
prediction of ``allennlp predict ... --predictor nested_ner`` (and ``line N: error ...`` for an input
line that could not be predicted).
"""
import argparse
import json
import sys
from typing import Sequence

# The rendering itself lives in `nesting` (imported by the predictor), so that running this module
# with `python -m` does not execute a module the package already imported.
from locate_label_allennlp.visualization.nesting import to_brackets

__all__ = ["to_brackets", "main"]


def main(argv: Sequence[str] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("predictions", help="JSON lines written by `allennlp predict --predictor nested_ner`")
    args = parser.parse_args(argv)
    with open(args.predictions, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            prediction = json.loads(line)
            if "error" in prediction:
                print(f"line {prediction.get('line', '?')}: error: {prediction['error']}")
                continue
            print(prediction.get("brackets") or to_brackets(prediction["tokens"], prediction["entities"]))
            for entity in prediction["entities"]:
                print(f"    {entity['type']:<10} {entity['score']:.2f}  {entity['text']}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
