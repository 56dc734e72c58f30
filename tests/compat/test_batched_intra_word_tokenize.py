"""The batched word-piece tokenisation gives the stock per-word result, through the public method."""

import inspect

from allennlp.data.tokenizers import PretrainedTransformerTokenizer

import locate_label_allennlp  # noqa: F401
from locate_label_allennlp.compat import batched_intra_word_tokenize as batched_module
from locate_label_allennlp.compat.batched_intra_word_tokenize import (
    STOCK_INTRA_WORD_TOKENIZE,
    STOCK_PUBLIC_INTRA_WORD_TOKENIZE,
    batched_intra_word_tokenize,
    intra_word_tokenize,
    word_pieces,
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


def test_the_public_method_gives_the_stock_result():
    assert PretrainedTransformerTokenizer._intra_word_tokenize is batched_intra_word_tokenize
    assert PretrainedTransformerTokenizer.intra_word_tokenize is intra_word_tokenize
    tokenizer = PretrainedTransformerTokenizer(minilm())
    for words in (WORDS, WORDS[:1], [], ["", ""]):
        expected = _as_tuples(STOCK_PUBLIC_INTRA_WORD_TOKENIZE(tokenizer, words))
        assert _as_tuples(tokenizer.intra_word_tokenize(words)) == expected
        assert expected[0][0][0] == "[CLS]" and expected[0][-1][0] == "[SEP]"
    # What makes the replacements worthwhile: allennlp encodes one word per call, and copies every
    # piece to give it its type id.
    assert "for token_string in string_tokens" in inspect.getsource(STOCK_INTRA_WORD_TOKENIZE)
    assert "self.add_special_tokens(tokens)" in inspect.getsource(STOCK_PUBLIC_INTRA_WORD_TOKENIZE)
    assert "dataclasses.replace" in inspect.getsource(PretrainedTransformerTokenizer.add_special_tokens)


def test_sentence_pairs_still_go_through_the_batched_method():
    tokenizer = PretrainedTransformerTokenizer(minilm())
    tokens, offsets_a, offsets_b = tokenizer.intra_word_tokenize_sentence_pair(WORDS[:3], WORDS[3:6])
    assert [t.text for t in tokens][:2] == ["[CLS]", "il"]
    assert offsets_a[0] == (1, 3) and tokens[offsets_b[0][0]].text == "b"


def test_remembered_word_pieces_are_the_stock_ones_and_the_memo_stays_bounded(monkeypatch):
    monkeypatch.setattr(batched_module, "WORD_PIECES_MEMO_SIZE", 4)
    tokenizer = PretrainedTransformerTokenizer(minilm())
    memo = tokenizer.__dict__.setdefault("_word_pieces_memo", {})
    for words in (WORDS, WORDS[:2], WORDS + WORDS, ["cell"] + WORDS[:2]):
        expected = _as_tuples(STOCK_INTRA_WORD_TOKENIZE(tokenizer, words))
        assert _as_tuples(batched_intra_word_tokenize(tokenizer, words)) == expected
        # Known words leave the memo as it was; a new word that would take it past its size empties it.
        assert set(memo) == (set(WORDS) if "cell" not in words else {"cell"})
    assert word_pieces(tokenizer, ["IL-2", "IL-2"]) == [((6335, 1011, 1016), ("il", "-", "2"))] * 2
    # A remembered word is read from the memo, not encoded again.
    tokenizer.__dict__["_word_pieces_memo"]["IL-2"] = ((1,), ("remembered",))
    assert word_pieces(tokenizer, ["IL-2"]) == [((1,), ("remembered",))]
