"""Renderings of nested entities (``brackets``: ``[[United Nations]ORG secretary general]PER``)."""
