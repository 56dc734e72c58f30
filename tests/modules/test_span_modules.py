import torch
from allennlp.common import Params

from locate_label_allennlp.modules import (
    BoundaryRegressor,
    EntityClassifier,
    MaxPoolingWithBoundariesSpanExtractor,
    SpanDecoder,
    SpanProposalFilter,
)
from locate_label_allennlp.modules.span_decoders.span_decoder import deduplicate_spans


def test_inner_extractor_is_maxpool_and_boundary_tokens():
    sequence = torch.arange(12, dtype=torch.float).view(1, 4, 3)
    extractor = MaxPoolingWithBoundariesSpanExtractor(3, "inner")
    spans = torch.tensor([[[1, 2]]])
    out = extractor(sequence, spans, torch.ones(1, 4, dtype=torch.bool), torch.ones(1, 1, dtype=torch.bool))
    assert out[0, 0].tolist() == sequence[0, 2].tolist() + sequence[0, 1].tolist() + sequence[0, 2].tolist()


def test_outer_extractor_uses_padding_vector_outside_the_sentence():
    sequence = torch.arange(12, dtype=torch.float).view(1, 4, 3)
    extractor = MaxPoolingWithBoundariesSpanExtractor(3, "outer")
    with torch.no_grad():
        extractor._outside_sentence.fill_(-7.0)
    mask = torch.tensor([[True, True, True, False]])  # a 3-token sentence padded to 4
    spans = torch.tensor([[[0, 1], [1, 2]]])
    out = extractor(sequence, spans, mask, torch.ones(1, 2, dtype=torch.bool))
    assert out[0, 0, 3:6].tolist() == [-7.0] * 3  # left of token 0
    assert out[0, 0, 6:9].tolist() == sequence[0, 2].tolist()
    assert out[0, 1, 3:6].tolist() == sequence[0, 0].tolist()
    assert out[0, 1, 6:9].tolist() == [-7.0] * 3  # right of the last real token


def test_masked_spans_are_zero_and_padding_indices_are_safe():
    extractor = MaxPoolingWithBoundariesSpanExtractor(3, "outer")
    out = extractor(
        torch.randn(1, 4, 3),
        torch.tensor([[[0, 1], [-1, -1]]]),
        torch.ones(1, 4, dtype=torch.bool),
        torch.tensor([[True, False]]),
    )
    assert (out[0, 1] == 0).all()


def test_heads_have_the_right_output_shapes():
    sequence, mask = torch.randn(2, 5, 6), torch.ones(2, 5, dtype=torch.bool)
    spans, span_mask = torch.tensor([[[0, 1], [2, 4]]] * 2), torch.ones(2, 2, dtype=torch.bool)
    assert SpanProposalFilter(6, hidden_dim=4)(sequence, mask, spans, span_mask).shape == (2, 2)
    assert BoundaryRegressor(6, hidden_dim=4)(sequence, mask, spans, span_mask).shape == (2, 2, 2)
    assert EntityClassifier(6, num_types=3, hidden_dim=4)(sequence, mask, spans, span_mask).shape == (2, 2, 4)


def test_a_span_scores_the_same_whatever_padding_its_batch_has():
    # The heads pack a batch's real spans before their MLP: a padded row must neither change another
    # span's score nor get one of its own.
    torch.manual_seed(0)
    lengths = [6, 4]
    sequence = torch.randn(2, 6, 4)
    mask = torch.arange(6) < torch.tensor(lengths).unsqueeze(1)
    spans = torch.tensor([[[0, 0], [1, 3], [2, 5]], [[1, 2], [-1, -1], [-1, -1]]])
    span_mask = spans[..., 0] >= 0
    heads = [
        SpanProposalFilter(4, hidden_dim=5),
        BoundaryRegressor(4, hidden_dim=5),
        EntityClassifier(4, 3, 5),
    ]
    for head in heads:
        batched = head(sequence, mask, spans, span_mask)
        for sentence, length in enumerate(lengths):
            real = span_mask[sentence]
            alone = head(
                sequence[sentence : sentence + 1, :length],
                mask[sentence : sentence + 1, :length],
                spans[sentence : sentence + 1, real],
                real[real].unsqueeze(0),
            )
            assert torch.allclose(batched[sentence][real], alone[0], atol=1e-6), type(head).__name__
            assert (batched[sentence][~real] == 0).all(), type(head).__name__


def test_heads_are_sized_as_eq_2_5_and_9_by_default():
    # Eq. 2, 4, 9: the span representation is 3d; Eq. 5: W1 in R^{3d x d}, W2 in R^{d x 2}. The filter's
    # and the classifier's MLPs (Eq. 3, 10) take the same hidden size d.
    d, num_types = 6, 3
    heads = {
        "filter": (SpanProposalFilter(d), 1),
        "regressor": (BoundaryRegressor(d), 2),
        "classifier": (EntityClassifier(d, num_types=num_types), num_types + 1),
    }
    for name, (head, outputs) in heads.items():
        assert (head.feedforward.get_input_dim(), head.feedforward.get_output_dim()) == (3 * d, d), name
        assert tuple(head.output_layer.weight.shape) == (outputs, d), name


def test_deduplicate_keeps_the_best_of_identical_typed_spans():
    spans = torch.tensor([[[0, 1], [0, 1], [0, 1], [2, 2]]])
    labels = torch.tensor([[1, 1, 2, 1]])
    scores = torch.tensor([[0.5, 0.9, 0.4, 0.9]])
    mask = torch.tensor([[True, True, True, True]])
    assert deduplicate_spans(spans, labels, scores, mask).tolist() == [[False, True, True, True]]
    # equal scores: the first survives
    assert deduplicate_spans(spans, labels, torch.full((1, 4), 0.5), mask).tolist() == [
        [True, False, True, True]
    ]


def test_decoders_are_built_from_config():
    assert type(SpanDecoder.from_params(Params({}))).__name__ == "SoftNmsDecoder"
    hard = SpanDecoder.from_params(Params({"type": "hard_nms", "iou_threshold": 0.3}))
    none = SpanDecoder.from_params(Params({"type": "none", "score_threshold": 0.2}))
    spans = torch.tensor([[[0, 3], [0, 1], [0, 1]]])
    labels = torch.tensor([[1, 2, 2]])
    scores = torch.tensor([[0.9, 0.8, 0.3]])
    mask = torch.ones(1, 3, dtype=torch.bool)
    assert hard(spans, labels, scores, mask)[0].tolist() == [[True, False, False]]
    assert none(spans, labels, scores, mask)[0].tolist() == [[True, True, False]]
