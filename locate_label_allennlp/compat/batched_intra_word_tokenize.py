"""
Word pieces of all of a sentence's words in one tokenizer call. Written for allennlp 2.10.1.

Reason: `PretrainedTransformerTokenizer._intra_word_tokenize` (used by the
``pretrained_transformer_mismatched`` indexer for every sentence, with its context) calls the Hugging
Face tokenizer once per word, which made indexing most of what prediction spends outside the model; a
fast tokenizer encodes a list of words in one call, with the same word pieces for each word.

The public ``intra_word_tokenize`` then gave every piece its type id by copying it
(``dataclasses.replace`` in ``add_special_tokens``, a sizeable part of what is left of indexing);
`intra_word_tokenize` makes the pieces with their type id instead.

Each word's pieces are remembered (`word_pieces`): with its neighbouring sentences as context, every
sentence is split into word pieces three times (as itself and in each neighbour's context), and most
words recur across sentences anyway. The stock method encodes every word on its own, so a word's
pieces never depend on the words around it, and remembering them changes nothing but the time.

`install` (called by `locate_label_allennlp.compat`) replaces both methods (idempotent); their outputs
are the stock methods' (tests/compat checks both).
"""

from typing import Dict, List, Optional, Sequence, Tuple

from allennlp.data.tokenizers import PretrainedTransformerTokenizer, Token

STOCK_INTRA_WORD_TOKENIZE = PretrainedTransformerTokenizer._intra_word_tokenize
STOCK_PUBLIC_INTRA_WORD_TOKENIZE = PretrainedTransformerTokenizer.intra_word_tokenize

# Words whose pieces a tokenizer remembers; past it, it forgets them all and starts again, which keeps
# the memory bounded (GENIA's training set has about 25,000 distinct words) without an LRU's upkeep.
WORD_PIECES_MEMO_SIZE = 200_000

WordPieces = Tuple[Tuple[int, ...], Tuple[str, ...]]


def word_pieces(tokenizer: PretrainedTransformerTokenizer, words: Sequence[str]) -> List[WordPieces]:
    """Per word, its piece ids and texts, from the tokenizer's memo or from one call for the new words."""
    memo: Dict[str, WordPieces] = tokenizer.__dict__.setdefault("_word_pieces_memo", {})
    found = [memo.get(word) for word in words]
    new_words = list(dict.fromkeys(word for word, pieces in zip(words, found) if pieces is None))
    if not new_words:
        return found  # type: ignore[return-value]  # every word was in the memo
    encoded = tokenizer.tokenizer(
        new_words, add_special_tokens=False, return_token_type_ids=False, return_attention_mask=False
    )["input_ids"]
    texts = iter(tokenizer.tokenizer.convert_ids_to_tokens([piece for ids in encoded for piece in ids]))
    new = {word: (tuple(ids), tuple(next(texts) for _ in ids)) for word, ids in zip(new_words, encoded)}
    if len(memo) + len(new) > WORD_PIECES_MEMO_SIZE:
        memo.clear()
    memo.update(new)
    return [pieces if pieces is not None else new[word] for word, pieces in zip(words, found)]


def batched_intra_word_tokenize(
    self: PretrainedTransformerTokenizer, string_tokens: List[str], type_id: Optional[int] = None
) -> Tuple[List[Token], List[Optional[Tuple[int, int]]]]:
    """
    The word pieces of ``string_tokens`` (with ``type_id``) and, per word, its inclusive piece offsets
    (`None`: no pieces).
    """
    tokens: List[Token] = []
    offsets: List[Optional[Tuple[int, int]]] = []
    for ids, texts in word_pieces(self, string_tokens):
        if not ids:
            offsets.append(None)
            continue
        offsets.append((len(tokens), len(tokens) + len(ids) - 1))
        tokens.extend(
            Token(text=text, text_id=piece, type_id=type_id)  # type: ignore[arg-type]  # Token's own default is None
            for piece, text in zip(ids, texts)
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
