"""The batched word-piece tokenisation gives the stock per-word result, through the public method."""

import inspect

from allennlp.data.tokenizers import PretrainedTransformerTokenizer

import locate_label_allennlp  # noqa: F401
from locate_label_allennlp.compat.batched_intra_word_tokenize import (
    STOCK_INTRA_WORD_TOKENIZE,
    batched_intra_word_tokenize,
)
from tests.modules.test_token_representation import minilm

WORDS = ["IL-2", "gene", "NF-kappa", "B", "", " ", "\u00a0", "αβγ", "1,25-dihydroxyvitamin", "D3", "[CLS]",
         "naïve", "CD4+", "😀", "x" * 60, "\r", "don't"]  # fmt: skip


def _as_tuples(result):
    tokens, offsets = result
    return [(t.text, t.text_id, t.type_id) for t in tokens], offsets


def test_same_word_pieces_and_offsets_as_the_stock_method():
    tokenizer = PretrainedTransformerTokenizer(minilm())
    for words in (WORDS, WORDS[:1], [], ["", ""]):
        batched = _as_tuples(batched_intra_word_tokenize(tokenizer, words))
        assert batched == _as_tuples(STOCK_INTRA_WORD_TOKENIZE(tokenizer, words))


def test_the_public_method_uses_it_and_allennlp_still_tokenizes_word_by_word():
    assert PretrainedTransformerTokenizer._intra_word_tokenize is batched_intra_word_tokenize
    tokenizer = PretrainedTransformerTokenizer(minilm())
    tokens, offsets = tokenizer.intra_word_tokenize(WORDS)
    pieces, stock_offsets = STOCK_INTRA_WORD_TOKENIZE(tokenizer, WORDS)
    assert [t.text_id for t in tokens[1:-1]] == [t.text_id for t in pieces]
    assert offsets == [None if o is None else (o[0] + 1, o[1] + 1) for o in stock_offsets]
    # What makes the replacement worthwhile: allennlp's own method encodes one word per call.
    assert "for token_string in string_tokens" in inspect.getsource(STOCK_INTRA_WORD_TOKENIZE)
    assert "self._intra_word_tokenize(string_tokens)" in inspect.getsource(
        PretrainedTransformerTokenizer.intra_word_tokenize
    )
