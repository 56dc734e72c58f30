"""
The service's page (``GET /``): a text box and a button; the answers are drawn by the same renderer as
``nested-ner-view`` (`visualization.html_view`: boxes inside boxes, type colours, scores on hover, the
type legend), on the server (``POST /render``), and the page's script puts them in place. Everything is
inline: the page fetches nothing but its own service's answers (its Content-Security-Policy says so).
"""

import html
from importlib import resources
from typing import Dict, List, Mapping, Sequence

from locate_label_allennlp.visualization.html_view import (
    CSP,
    PALETTE,
    render_legends,
    render_sentence,
    static_file,
    type_colours,
)

PAGE_CSP = CSP + "; connect-src 'self'"
"""The view's policy, and requests to this service only."""


def service_static_file(name: str) -> str:
    """A file of the page's package data (``static/page.css``, ``static/page.js``) as text."""
    return resources.files(__package__).joinpath("static", name).read_text(encoding="utf-8")


def colours_for(labels: Sequence[str], records: Sequence[Mapping] = ()) -> Dict[str, str]:
    """The model's types in the view's colours; types only in gold entities of ``records`` come after."""
    colours = type_colours(labels)
    others = sorted(
        {entity["type"] for record in records for entity in record.get("gold_entities") or []} - set(colours)
    )
    for offset, name in enumerate(others):
        colours[name] = PALETTE[(len(colours) + offset) % len(PALETTE)]
    return colours


def render_records(records: Sequence[Mapping], labels: Sequence[str]) -> str:
    """The ``<section>`` of each answer (an error record too), as ``nested-ner-view`` draws it."""
    colours = colours_for(labels, [record for record in records if "error" not in record])
    sections: List[str] = [render_sentence(index, record, colours)[0] for index, record in enumerate(records)]
    return "\n".join(sections)


def render_service_page(model_name: str, labels: Sequence[str], max_inputs: int) -> str:
    title = f"Nested entities: {model_name}"
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{PAGE_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title>"
        f"<style>{static_file('view.css')}{service_static_file('page.css')}</style></head>\n<body>"
        f"<header><h1>{html.escape(title)}</h1>"
        '<form id="predict-form"><label for="text">Sentences, one per line '
        f"(at most {max_inputs})</label>"
        '<textarea id="text" name="text" rows="4" autofocus '
        'placeholder="The United Nations secretary general arrived in London ."></textarea>'
        '<button id="submit" type="submit">Find nested entities</button></form>'
        '<p id="status" class="summary" role="status"></p>'
        f"{render_legends(colours_for(labels), has_gold=False)}</header>\n"
        '<main id="results" data-state="empty"></main>'
        f"<script>{static_file('view.js')}{service_static_file('page.js')}</script></body></html>\n"
    )
