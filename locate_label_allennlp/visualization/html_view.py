"""
One self-contained HTML page (CSS and JavaScript from ``static/`` inlined, nothing fetched) that draws the nested
entities of ``allennlp predict --predictor nested_ner`` predictions::

    allennlp nested-ner-view PREDICTIONS.jsonl -o page.html

Every entity is a box coloured by type around its tokens, labelled with its type and score (hover
for a tooltip); nested entities are boxes inside boxes. In the DOM each entity is
``<span class="entity" data-type="PER" data-depth="1" data-start="0" data-end="4" ...>`` and each
token ``<span class="token" data-index="3">``; ``data-depth`` is the number of entity boxes around
the box (0 = outermost). Entities that cross one another (overlap without nesting) cannot be boxes
in one tree: they are drawn on extra rows (``<div class="layer" data-layer="1">``) under the
sentence (see `nesting.laminar_layers`).

When the predictions carry ``gold_entities`` (``allennlp predict --use-dataset-reader`` on annotated
data, or inputs with ``"entities"``), each sentence shows a gold row and a predicted row and every
entity has a ``data-status``:

* predicted ``correct``: start, end and type equal a gold entity's (a true positive of the strict
  metric);
* predicted ``boundary`` (boundary error): not correct, and it overlaps a gold entity of the *same*
  type whose boundaries differ;
* predicted ``type`` (type error): not correct, not a boundary error, and a gold entity has exactly
  its span with another type;
* predicted ``spurious``: any other prediction. Boundary, type and spurious are all false positives
  of the strict metric;
* gold ``found`` (predicted exactly) or ``missed`` (a false negative of the strict metric).

All text from the predictions is HTML-escaped, and the page's Content-Security-Policy forbids every
network request.
"""

import html
from collections import Counter
from importlib import resources
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from locate_label_allennlp.data.predictions_file import read_predictions
from locate_label_allennlp.metrics.nested_span_f1 import NestedSpanF1
from locate_label_allennlp.visualization.nesting import laminar_layers, nesting_order

PALETTE = (
    "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b",
    "#e377c2", "#7f7f7f", "#bcbd22", "#393b79", "#637939", "#843c39",
)  # fmt: skip

PREDICTED_STATUSES = ("correct", "boundary", "type", "spurious")
GOLD_STATUSES = ("found", "missed")
STATUS_TEXT = {
    "correct": "correct",
    "boundary": "boundary error",
    "type": "type error",
    "spurious": "spurious",
    "found": "found",
    "missed": "missed",
}
STATUS_HELP = {
    "correct": "predicted with the gold start, end and type",
    "boundary": "overlaps a gold entity of the same type, with other boundaries",
    "type": "the span of a gold entity, with another type",
    "spurious": "matches no gold entity",
    "found": "gold entity predicted exactly",
    "missed": "gold entity not predicted exactly",
}


def _span(entity: Mapping) -> Tuple[int, int]:
    return entity["start"], entity["end"]


def _overlap(a: Mapping, b: Mapping) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def compare(predicted: Sequence[Mapping], gold: Sequence[Mapping]) -> Tuple[List[str], List[str]]:
    """The status of each predicted and each gold entity (see the module's documentation)."""
    gold_keys = {(*_span(g), g["type"]) for g in gold}
    predicted_keys = {(*_span(p), p["type"]) for p in predicted}
    predicted_statuses = []
    for p in predicted:
        if (*_span(p), p["type"]) in gold_keys:
            status = "correct"
        elif any(g["type"] == p["type"] and _overlap(g, p) and _span(g) != _span(p) for g in gold):
            status = "boundary"
        elif any(_span(g) == _span(p) for g in gold):
            status = "type"
        else:
            status = "spurious"
        predicted_statuses.append(status)
    gold_statuses = ["found" if (*_span(g), g["type"]) in predicted_keys else "missed" for g in gold]
    return predicted_statuses, gold_statuses


def type_colours(types: Iterable[str]) -> Dict[str, str]:
    """A palette colour per type, by sorted type name (stable within a page)."""
    return {name: PALETTE[index % len(PALETTE)] for index, name in enumerate(sorted(set(types)))}


def _attrs(**attributes: object) -> str:
    parts = []
    for name, value in attributes.items():
        if value is None:
            continue
        parts.append(f'{name.rstrip("_").replace("_", "-")}="{html.escape(str(value), quote=True)}"')
    return " ".join(parts)


def _entity_open(
    entity: Mapping, depth: int, colour: str, status: Optional[str], tokens: Sequence[str]
) -> str:
    score = entity.get("score")
    score_text = f" {score:.2f}" if isinstance(score, (int, float)) else ""
    label = entity["type"] + score_text
    if status is not None and status not in ("correct", "found"):
        label += f" · {STATUS_TEXT[status]}"
    text = " ".join(tokens[entity["start"] : entity["end"]])
    tooltip = f"{entity['type']}{' · score' + score_text if score_text else ''} · tokens {entity['start']}-{entity['end'] - 1}"
    if status is not None:
        tooltip += f" · {STATUS_TEXT[status]}: {STATUS_HELP[status]}"
    tooltip += f"\n{text}"
    attributes = _attrs(
        class_="entity",
        data_type=entity["type"],
        data_depth=depth,
        data_start=entity["start"],
        data_end=entity["end"],
        data_score=f"{score:.4f}" if score_text else None,
        data_status=status,
        data_label=label,
        title=tooltip,
        style=f"--c:{colour};--bg:{colour}1c",
    )
    return f"<span {attributes}>"


def render_layer(
    tokens: Sequence[str],
    entities: Sequence[Mapping],
    colours: Mapping[str, str],
    statuses: Optional[Sequence[str]],
) -> str:
    """Tokens with the (non-crossing) ``entities`` as nested boxes."""
    order = nesting_order(entities)
    starting: Dict[int, List[int]] = {}
    for index in order:
        starting.setdefault(entities[index]["start"], []).append(index)
    pieces: List[str] = []
    open_ends: List[int] = []  # the end of each open box, innermost last
    for position, token in enumerate(tokens):
        for index in starting.get(position, []):
            entity = entities[index]
            status = statuses[index] if statuses is not None else None
            pieces.append(_entity_open(entity, len(open_ends), colours[entity["type"]], status, tokens))
            open_ends.append(entity["end"])
        pieces.append(f'<span class="token" data-index="{position}">{html.escape(token)}</span>')
        # One space between tokens, outside every box that closes after this token.
        closing = 0
        while open_ends and open_ends[-1] <= position + 1:
            open_ends.pop()
            closing += 1
        pieces.append("</span>" * closing + " ")
    pieces.append("</span>" * len(open_ends))
    return "".join(pieces).rstrip()


def render_row(
    kind: str,
    tokens: Sequence[str],
    entities: Sequence[Mapping],
    colours: Mapping[str, str],
    statuses: Optional[Sequence[str]],
) -> str:
    layers = laminar_layers(entities)
    number_of_layers = max(layers, default=0) + 1
    parts = [f'<div class="row" data-row="{kind}"><div class="row-label">{kind}</div><div class="layers">']
    for layer in range(number_of_layers):
        members = [index for index, assigned in enumerate(layers) if assigned == layer]
        layer_entities = [entities[index] for index in members]
        layer_statuses = [statuses[index] for index in members] if statuses is not None else None
        caption = (
            '<span class="layer-caption" title="these entities cross entities drawn above">crossing</span> '
            if layer
            else ""
        )
        body = render_layer(tokens, layer_entities, colours, layer_statuses)
        parts.append(
            f'<div class="layer{" crossing" if layer else ""}" data-layer="{layer}">{caption}{body}</div>'
        )
    parts.append("</div></div>")
    return "".join(parts)


def render_sentence(index: int, record: Mapping, colours: Mapping[str, str]) -> Tuple[str, Counter]:
    """The ``<section>`` of one prediction and its status counts."""
    counts: Counter = Counter()
    if "error" in record:
        line = record.get("line")
        message = f"line {line}: {record['error']}" if line is not None else str(record["error"])
        return (
            f"<section {_attrs(class_='sentence error', data_index=index, data_line=line)}>"
            f'<div class="sentence-head">#{index + 1}</div>'
            f'<div class="error-message">{html.escape(message)}</div></section>',
            counts,
        )
    tokens = record["tokens"]
    predicted = record["entities"]
    gold = record.get("gold_entities")
    rows = []
    if gold is not None:
        predicted_statuses, gold_statuses = compare(predicted, gold)
        counts.update(predicted_statuses)
        counts.update(gold_statuses)
        rows.append(render_row("gold", tokens, gold, colours, gold_statuses))
        rows.append(render_row("predicted", tokens, predicted, colours, predicted_statuses))
        summary = ", ".join(
            f'<span class="count" data-status="{status}">{counts[status]} {STATUS_TEXT[status]}</span>'
            for status in ("correct", "missed", "spurious", "boundary", "type")
            if counts[status] or status == "correct"
        )
        has_errors = any(counts[s] for s in ("missed", "spurious", "boundary", "type"))
    else:
        rows.append(render_row("predicted", tokens, predicted, colours, None))
        summary = f"{len(predicted)} entit{'y' if len(predicted) == 1 else 'ies'}"
        has_errors = False
    attributes = _attrs(
        class_="sentence",
        data_index=index,
        data_entities=len(predicted),
        data_gold_entities=len(gold) if gold is not None else None,
        data_has_errors=("true" if has_errors else "false") if gold is not None else None,
    )
    return (
        f'<section {attributes}><div class="sentence-head">#{index + 1} · {summary}</div>{"".join(rows)}</section>',
        counts,
    )


def static_file(name: str) -> str:
    """A file of the view's package data (``static/view.css``, ``static/view.js``) as text."""
    return resources.files(__package__).joinpath("static", name).read_text(encoding="utf-8")


CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"


def render_page(
    records: Sequence[Mapping], title: str = "Nested entities", max_sentences: Optional[int] = None
) -> str:
    """The whole page for the prediction records (as read by `read_predictions`)."""
    shown = list(records if max_sentences is None else records[:max_sentences])
    types = [
        e["type"]
        for r in shown
        if "error" not in r
        for e in [*r["entities"], *(r.get("gold_entities") or [])]
    ]
    colours = type_colours(types)
    has_gold = any(r.get("gold_entities") is not None for r in shown if "error" not in r)
    sections: List[str] = []
    totals: Counter = Counter()
    for index, record in enumerate(shown):
        section, counts = render_sentence(index, record, colours)
        sections.append(section)
        totals.update(counts)
    summary = _summary(shown, len(records), totals, has_gold)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{static_file('view.css')}</style></head>\n<body>"
        f'<header><h1>{html.escape(title)}</h1><p class="summary">{html.escape(summary)}</p>'
        f"{render_legends(colours, has_gold)}</header>\n<main>\n"
        + "\n".join(sections)
        + f"\n</main><script>{static_file('view.js')}</script></body></html>\n"
    )


def _summary(shown: Sequence[Mapping], total: int, statuses: Counter, has_gold: bool) -> str:
    """One line: how many sentences and entities, and with gold entities the strict figures."""
    predicted_total = sum(len(r["entities"]) for r in shown if "error" not in r)
    errors = sum(1 for r in shown if "error" in r)
    summary = f"{len(shown)} sentence{'s' if len(shown) != 1 else ''}"
    if len(shown) < total:
        summary += f" (the first {len(shown)} of {total})"
    summary += f", {predicted_total} predicted entities"
    if has_gold:
        # The figures are the model's metric's (strict; each sentence's entities taken as a set).
        metric = NestedSpanF1()
        for record in shown:
            if "error" not in record and record.get("gold_entities") is not None:
                metric(
                    [[(e["start"], e["end"], e["type"]) for e in record["entities"]]],
                    [[(e["start"], e["end"], e["type"]) for e in record["gold_entities"]]],
                )
        figures = metric.get_metric()
        gold_total = sum(len(r.get("gold_entities") or []) for r in shown if "error" not in r)
        summary += (
            f", {gold_total} gold entities: {statuses['correct']} correct, {statuses['missed']} missed, "
            f"{statuses['spurious']} spurious, {statuses['boundary']} boundary errors, {statuses['type']} type errors "
            f"(strict P {100 * figures.get('precision', 0.0):.1f}, R {100 * figures.get('recall', 0.0):.1f}, "
            f"F1 {100 * figures.get('f1', 0.0):.1f})"
        )
    if errors:
        summary += f", {errors} input line{'s' if errors != 1 else ''} with errors"
    return summary


def render_legends(colours: Mapping[str, str], has_gold: bool) -> str:
    """The type legend (each type a toggle) and, with gold entities, the legend of the statuses."""
    legend = "".join(
        f'<label class="legend-type" {_attrs(data_type=name)}><input type="checkbox" checked '
        f'{_attrs(data_toggle_type=name)}> <span class="swatch" style="--c:{colour}">{html.escape(name)}</span></label>'
        for name, colour in colours.items()
    )
    legends = f'<div class="legend type-legend">{legend}</div>'
    if has_gold:
        keys = "".join(
            f'<span class="status-key" {_attrs(data_status=status, title=STATUS_HELP[status])}>'
            f"{STATUS_TEXT[status]}</span>"
            for status in ("correct", "missed", "spurious", "boundary", "type")
        )
        legends += (
            f'<div class="legend status-legend">{keys}<label><input type="checkbox" id="only-errors"> '
            "only sentences with differences</label></div>"
        )
    return legends


def write_page(
    predictions_path: str, output_path: str, title: Optional[str] = None, max_sentences: Optional[int] = None
) -> int:
    """Renders a predictions file to ``output_path``; returns the number of sentences shown."""
    records = read_predictions(predictions_path)
    page = render_page(records, title or f"Nested entities: {predictions_path}", max_sentences)
    with open(output_path, "w", encoding="utf-8") as handle:
        handle.write(page)
    return len(records) if max_sentences is None else min(len(records), max_sentences)
