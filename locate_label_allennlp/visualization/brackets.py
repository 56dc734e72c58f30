"""
Bracket rendering of nested entities, like the case-study table of the paper:
``[[[United Nations]ORG secretary general]PER Kofi Annan]PER``. `allennlp nested-ner-brackets` prints
a predictions file this way.
"""

from typing import Mapping

from locate_label_allennlp.visualization.nesting import to_brackets

__all__ = ["format_prediction", "to_brackets"]


def format_prediction(prediction: Mapping) -> str:
    """A prediction record as its bracketed sentence and one line per entity (type, score, text), or
    an error record as ``line N: error: ...``."""
    if "error" in prediction:
        return f"line {prediction.get('line', '?')}: error: {prediction['error']}"
    lines = [prediction.get("brackets") or to_brackets(prediction["tokens"], prediction["entities"])]
    for entity in prediction["entities"]:
        text = entity.get("text") or " ".join(prediction["tokens"][entity["start"] : entity["end"]])
        lines.append(f"    {entity['type']:<10} {entity['score']:.2f}  {text}")
    return "\n".join(lines)
