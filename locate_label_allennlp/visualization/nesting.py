"""
The geometry of nested entities, shared by the predictor and every rendering (brackets, HTML).

An entity is a mapping with ``"start"`` and ``"end"`` (exclusive) token offsets and a ``"type"``.

* **Nesting order**: by start, then longest first, then input order. An entity comes after every
  entity that encloses it.
* **Encloses**: ``a`` encloses ``b`` when ``a`` comes before ``b`` in nesting order and
  ``a.start <= b.start and b.end <= a.end``. Two entities with the same span (different types) are
  therefore nested too: the first in nesting order is the outer one.
* **Depth**: 0 for an entity no other entity encloses (outermost), otherwise one more than the
  deepest entity enclosing it (the length of the longest chain of enclosing entities).
* **Crossing**: two entities overlap and neither encloses the other (``[a [b c]A d]B``).
"""

from typing import Dict, List, Mapping, Sequence, TypeVar

E = TypeVar("E", bound=Mapping)


def nesting_order(entities: Sequence[Mapping]) -> List[int]:
    """The indices of ``entities`` in nesting order (by start, longest first, then input order)."""
    return sorted(
        range(len(entities)),
        key=lambda i: (entities[i]["start"], -(entities[i]["end"] - entities[i]["start"]), i),
    )


def encloses(outer: Mapping, inner: Mapping) -> bool:
    """Span containment (``outer`` must also come first in nesting order to *enclose* ``inner``)."""
    return outer["start"] <= inner["start"] and inner["end"] <= outer["end"]


def crosses(a: Mapping, b: Mapping) -> bool:
    """The two spans overlap but neither contains the other."""
    overlap = a["start"] < b["end"] and b["start"] < a["end"]
    return overlap and not encloses(a, b) and not encloses(b, a)


def nesting_depths(entities: Sequence[Mapping]) -> List[int]:
    """The depth of each entity (aligned with ``entities``): 0 = outermost."""
    order = nesting_order(entities)
    depths = [0] * len(entities)
    for position, index in enumerate(order):
        enclosing = [depths[j] + 1 for j in order[:position] if encloses(entities[j], entities[index])]
        depths[index] = max(enclosing, default=0)
    return depths


def with_depths(entities: Sequence[Mapping]) -> List[Dict]:
    """Copies of ``entities`` in nesting order, each with its ``"depth"``."""
    depths = nesting_depths(entities)
    return [{**entities[i], "depth": depths[i]} for i in nesting_order(entities)]


def laminar_layers(entities: Sequence[Mapping]) -> List[int]:
    """
    Splits the entities into layers in which no two entities cross, so that each layer draws as a
    tree of boxes (aligned with ``entities``). Layer 0 takes every entity, in nesting order, that
    crosses none already in it; the rest go to layer 1 on the same terms, and so on. Without crossing
    entities (the usual case) everything is in layer 0.
    """
    layers: List[List[int]] = []
    assignment = [0] * len(entities)
    for index in nesting_order(entities):
        for number, members in enumerate(layers):
            if not any(crosses(entities[index], entities[other]) for other in members):
                members.append(index)
                assignment[index] = number
                break
        else:
            layers.append([index])
            assignment[index] = len(layers) - 1
    return assignment


def to_brackets(tokens: Sequence[str], entities: Sequence[Mapping]) -> str:
    """
    Wraps each entity in ``[...]TYPE``: ``[[[United Nations]ORG secretary general]PER Kofi Annan]PER``.
    Outer entities (in nesting order) open before and close after the entities nested in them, so two
    entities with the same span read ``[[X]B]A`` for ``A`` first in nesting order.
    """
    rank = {index: position for position, index in enumerate(nesting_order(entities))}
    opening: List[List[int]] = [[] for _ in tokens]
    closing: List[List[int]] = [[] for _ in tokens]
    for index, entity in enumerate(entities):
        opening[entity["start"]].append(index)
        closing[entity["end"] - 1].append(index)
    pieces = []
    for position, token in enumerate(tokens):
        closes = sorted(closing[position], key=lambda i: -rank[i])
        pieces.append(
            "[" * len(opening[position]) + token + "".join(f"]{entities[i]['type']}" for i in closes)
        )
    return " ".join(pieces)
