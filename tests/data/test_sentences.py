"""Sentences with character offsets (`data.sentences`)."""

import pytest
from allennlp.data.tokenizers import WhitespaceTokenizer

from locate_label_allennlp.data.sentences import SentenceSegmenter, align_tokens


def test_tokens_keep_their_offsets_and_sentences_end_at_punctuation_and_line_breaks():
    text = "IL-2 gene expression.  It needs NF-kappa B (p50).\nActivation of T cells\r\nends here"
    sentences = SentenceSegmenter().sentences(text)
    for sentence in sentences:
        for token in sentence.tokens:
            assert text[token.start : token.end] == token.text
            assert token.text.strip() == token.text
    assert [text[s.start : s.end] for s in sentences] == [
        "IL-2 gene expression.",
        "It needs NF-kappa B (p50).",
        "Activation of T cells",
        "ends here",
    ]


def test_without_newline_splitting_a_line_break_does_not_end_a_sentence():
    text = "Activation of\nT cells ."
    assert len(SentenceSegmenter(split_on_newlines=False).sentences(text)) == 1
    assert len(SentenceSegmenter().sentences(text)) == 2


def test_no_sentence_ends_inside_a_span_kept_together():
    text = "It binds Jurkat T.\ncells well."
    start, end = text.index("Jurkat"), text.index("cells") + len("cells")
    sentences = SentenceSegmenter().sentences(text, keep_together=[(start, end)])
    assert [text[s.start : s.end] for s in sentences] == [text]


def test_empty_or_blank_text_has_no_sentences():
    assert SentenceSegmenter().sentences("") == []
    assert SentenceSegmenter().sentences(" \n\t ") == []


def test_any_tokenizer_whose_tokens_are_pieces_of_the_text():
    text = "IL-2  gene\texpression ."
    segmenter = SentenceSegmenter(WhitespaceTokenizer())
    [sentence] = segmenter.sentences(text)
    assert sentence.words == ["IL-2", "gene", "expression", "."]
    assert [(t.start, t.end) for t in sentence.tokens] == [(0, 4), (6, 10), (11, 21), (22, 23)]


def test_a_tokenizer_that_changes_the_text_is_refused():
    from allennlp.data import Token

    with pytest.raises(ValueError, match="'il-2' is not in the text"):
        align_tokens("IL-2 gene", [Token("il-2"), Token("gene")])
