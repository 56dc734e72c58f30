"""
Word pieces of all of a sentence's words in one tokenizer call. Written for allennlp 2.10.1.

Reason: `PretrainedTransformerTokenizer._intra_word_tokenize` (used by the
``pretrained_transformer_mismatched`` indexer for every sentence, with its context) calls the Hugging
Face tokenizer once per word, which made indexing most of what prediction spends outside the model; a
fast tokenizer encodes a list of words in one call, with the same word pieces for each word.

The public ``intra_word_tokenize`` then gave every piece its type id by copying it
(``dataclasses.replace`` in ``add_special_tokens``, a sizeable part of what is left of indexing);
`intra_word_tokenize` makes the pieces with their type id instead.

`install` (called by `locate_label_allennlp.compat`) replaces both methods (idempotent); their outputs
are the stock methods' (tests/compat checks both).
"""

from typing import List, Optional, Tuple

from allennlp.data.tokenizers import PretrainedTransformerTokenizer, Token

STOCK_INTRA_WORD_TOKENIZE = PretrainedTransformerTokenizer._intra_word_tokenize
STOCK_PUBLIC_INTRA_WORD_TOKENIZE = PretrainedTransformerTokenizer.intra_word_tokenize


def batched_intra_word_tokenize(
    self: PretrainedTransformerTokenizer, string_tokens: List[str], type_id: Optional[int] = None
) -> Tuple[List[Token], List[Optional[Tuple[int, int]]]]:
    """
    The word pieces of ``string_tokens`` (with ``type_id``) and, per word, its inclusive piece offsets
    (`None`: no pieces).
    """
    if not string_tokens:
        return [], []
    encoded = self.tokenizer(
        list(string_tokens),
        add_special_tokens=False,
        return_token_type_ids=False,
        return_attention_mask=False,
    )["input_ids"]
    texts = self.tokenizer.convert_ids_to_tokens([piece for word in encoded for piece in word])
    tokens: List[Token] = []
    offsets: List[Optional[Tuple[int, int]]] = []
    for word_pieces in encoded:
        if not word_pieces:
            offsets.append(None)
            continue
        start = len(tokens)
        offsets.append((start, start + len(word_pieces) - 1))
        tokens.extend(
            Token(text=texts[start + i], text_id=piece, type_id=type_id)  # type: ignore[arg-type]  # Token's own default is None
            for i, piece in enumerate(word_pieces)
        )
    return tokens, offsets


def intra_word_tokenize(
    self: PretrainedTransformerTokenizer, string_tokens: List[str]
) -> Tuple[List[Token], List[Optional[Tuple[int, int]]]]:
    """The stock ``intra_word_tokenize``: the pieces between the special tokens, offsets shifted past them."""
    pieces, offsets = batched_intra_word_tokenize(self, string_tokens, self.single_sequence_token_type_id)
    start, end = self.single_sequence_start_tokens, self.single_sequence_end_tokens
    return start + pieces + end, self._increment_offsets(offsets, len(start))


def install() -> None:
    """Idempotent: `PretrainedTransformerTokenizer` tokenizes a sentence's words in one call."""
    PretrainedTransformerTokenizer._intra_word_tokenize = batched_intra_word_tokenize  # type: ignore[method-assign]  # the adjustment
    PretrainedTransformerTokenizer.intra_word_tokenize = intra_word_tokenize  # type: ignore[method-assign]  # the adjustment
