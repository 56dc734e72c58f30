"""
Renderings of nested entities: ``brackets`` (``[[United Nations]ORG secretary general]PER``), a
self-contained HTML page (``html_view``) and evaluation reports with a plot of F1 by entity length
(``report``); ``nesting`` holds the shared geometry (nesting order, depth, crossing entities).
"""
