from hypothesis import given, settings
from hypothesis import strategies as st

from locate_label_allennlp.visualization.nesting import (
    crosses,
    laminar_layers,
    nesting_depths,
    nesting_order,
    to_brackets,
    with_depths,
)


def entity(start, end, label="X"):
    return {"start": start, "end": end, "type": label}


def test_depth_is_zero_for_outermost_and_counts_enclosing_entities():
    entities = [entity(0, 6, "PER"), entity(0, 2, "ORG"), entity(0, 4, "PER"), entity(7, 8, "LOC")]
    assert nesting_depths(entities) == [0, 2, 1, 0]
    assert [e["depth"] for e in with_depths(entities)] == [0, 1, 2, 0]
    assert [e["type"] for e in with_depths(entities)] == ["PER", "PER", "ORG", "LOC"]


def test_same_span_entities_nest_in_input_order():
    entities = [entity(1, 3, "A"), entity(1, 3, "B")]
    assert nesting_depths(entities) == [0, 1]
    assert to_brackets(["x", "y", "z"], entities) == "x [[y z]B]A"


def test_crossing_entities_do_not_deepen_each_other_but_share_what_they_contain():
    a, b, c = entity(0, 5, "A"), entity(2, 7, "B"), entity(3, 4, "C")
    assert crosses(a, b) and not crosses(a, c)
    assert nesting_depths([a, b, c]) == [0, 0, 1]
    assert laminar_layers([a, b, c]) == [0, 1, 0]


def test_bracket_rendering_of_the_papers_case_study():
    tokens = "United Nations secretary general Kofi Annan".split()
    entities = [entity(0, 6, "PER"), entity(0, 4, "PER"), entity(0, 2, "ORG")]
    assert to_brackets(tokens, entities) == "[[[United Nations]ORG secretary general]PER Kofi Annan]PER"
    assert to_brackets(tokens, []) == " ".join(tokens)


def test_sorting_is_by_start_then_longest_first():
    entities = [entity(3, 4), entity(0, 2), entity(0, 5), entity(3, 6)]
    assert [(entities[i]["start"], entities[i]["end"]) for i in nesting_order(entities)] == [
        (0, 5), (0, 2), (3, 6), (3, 4)
    ]  # fmt: skip


spans = st.lists(
    st.tuples(st.integers(0, 11), st.integers(1, 5), st.sampled_from("ABC")).map(
        lambda t: entity(t[0], min(t[0] + t[1], 12), t[2])
    ),
    max_size=10,
)


@settings(max_examples=200, deadline=None)
@given(spans)
def test_layers_hold_no_crossing_pairs_and_depths_follow_enclosure(entities):
    layers = laminar_layers(entities)
    for i, a in enumerate(entities):
        for j, b in enumerate(entities):
            if i != j and layers[i] == layers[j]:
                assert not crosses(a, b)
    depths = nesting_depths(entities)
    order = nesting_order(entities)
    for position, index in enumerate(order):
        enclosing = [j for j in order[:position] if entities[j]["start"] <= entities[index]["start"]
                     and entities[index]["end"] <= entities[j]["end"]]  # fmt: skip
        if not enclosing:
            assert depths[index] == 0
        else:
            assert depths[index] == 1 + max(depths[j] for j in enclosing)


@settings(max_examples=200, deadline=None)
@given(spans)
def test_brackets_are_balanced_and_keep_the_tokens(entities):
    tokens = [f"t{i}" for i in range(12)]
    rendered = to_brackets(tokens, entities)
    assert rendered.count("[") == len(entities) == rendered.count("]")
    assert [piece.strip("[").split("]")[0] for piece in rendered.split(" ")] == tokens
