import hashlib
import logging
from contextlib import contextmanager, nullcontext
from typing import Any, Callable, ContextManager, Dict, Iterator, List, NamedTuple, Optional

import torch
from allennlp.modules.scalar_mix import ScalarMix
from allennlp.modules.token_embedders import PretrainedTransformerEmbedder, TokenEmbedder

from locate_label_allennlp.modules.vector_caches import VectorCache
from locate_label_allennlp.nn.fingerprint import module_fingerprint, module_signature

logger = logging.getLogger(__name__)


class WordpieceInput(NamedTuple):
    """What a ``pretrained_transformer_mismatched`` indexer gives, as its embedder takes it."""

    token_ids: torch.Tensor
    mask: torch.Tensor
    offsets: torch.Tensor
    wordpiece_mask: torch.Tensor
    type_ids: Optional[torch.Tensor]
    segment_concat_mask: Optional[torch.Tensor]

    def rows(self, index: torch.Tensor) -> "WordpieceInput":
        return WordpieceInput(*(None if t is None else t.index_select(0, index) for t in self))  # type: ignore[arg-type]  # the required fields are never None


@TokenEmbedder.register("cached_transformer_mismatched")
class CachedTransformerMismatchedEmbedder(TokenEmbedder):
    """
    ``pretrained_transformer_mismatched`` (word vectors: the average of each word's word-piece
    vectors), which, when the transformer is frozen, computes each input's vectors once and then
    reads them from a `VectorCache`: in later epochs, in validation and in evaluation.

    Only what the model uses is pooled, cached or read, with or without a cache: the vectors of the
    words at ``sentence_positions`` (a `LocateAndLabel` model passes the sentence's positions inside
    its context; without them, every word). They are cached under a digest of the exact input
    (word-piece ids, offsets, type ids, positions) and the transformer's identity (its settings and a
    fingerprint of its weights, taken again after a state dict is loaded, on every `train()`/`eval()`
    switch, and whenever a weight or submodule is replaced). Other positions of the output are zeros.

    A frozen transformer (``train_parameters: false``) runs in evaluation mode (no dropout), so that
    its vectors are a function of the input, and it gets no gradient. A trainable one is never cached:
    this embedder then computes every input, as the stock embedder does (with its dropout in
    training). Caching is also off while any transformer parameter requires a gradient.

    With ``last_layer_only: false``, each word gets every layer's vector (the cache holds them all)
    and a trainable scalar mix combines them, so the mix learns while the transformer stays cached.
    Cached, the word-piece average is taken before the mix (the cache holds each layer's average);
    otherwise after it, as the stock embedder does, which averages one mixed vector instead of every
    layer's. Both are linear, so they agree up to float rounding.

    # Parameters
    model_name, max_length, load_weights, tokenizer_kwargs, transformer_kwargs :
        As for ``pretrained_transformer_mismatched``.
    train_parameters : `bool`, optional (default = `True`)
    last_layer_only : `bool`, optional (default = `True`)
    cache : `VectorCache`, optional (default = `None`: no caching)
        e.g. ``{"type": "memory"}`` or ``{"type": "disk", "directory": "..."}``.
    """

    def __init__(
        self,
        model_name: str,
        max_length: Optional[int] = None,
        train_parameters: bool = True,
        last_layer_only: bool = True,
        cache: Optional[VectorCache] = None,
        load_weights: bool = True,
        tokenizer_kwargs: Optional[Dict[str, Any]] = None,
        transformer_kwargs: Optional[Dict[str, Any]] = None,
    ) -> None:
        super().__init__()
        self.matched_embedder = PretrainedTransformerEmbedder(
            model_name,
            max_length=max_length,  # type: ignore[arg-type]  # allennlp's default is None too
            train_parameters=train_parameters,
            eval_mode=not train_parameters,
            load_weights=load_weights,
            tokenizer_kwargs=tokenizer_kwargs,
            transformer_kwargs=transformer_kwargs,
        )
        self.num_layers = self.matched_embedder.config.num_hidden_layers
        self.scalar_mix = None if last_layer_only else ScalarMix(self.num_layers)
        self.cache = cache
        if cache is not None and train_parameters:
            logger.warning("%s is trained (train_parameters): its vectors will not be cached", model_name)
        self._settings = (model_name, max_length, last_layer_only)
        self._fingerprint: Optional[str] = None
        self._signature: Optional[tuple] = None
        self._hits = self._misses = 0
        self.register_load_state_dict_post_hook(self._after_loading)

    def get_output_dim(self) -> int:
        return self.matched_embedder.get_output_dim()

    def forward(
        self,
        token_ids: torch.Tensor,
        mask: torch.Tensor,
        offsets: torch.Tensor,
        wordpiece_mask: torch.Tensor,
        type_ids: Optional[torch.Tensor] = None,
        segment_concat_mask: Optional[torch.Tensor] = None,
        sentence_positions: Optional[torch.Tensor] = None,
    ) -> torch.Tensor:
        """
        `(batch, num_words, dim)`. ``sentence_positions`` `(batch, sentence_length)`: the words
        wanted, -1 for padding (default: every word); only these are pooled from their word pieces,
        cached or read, and the other positions of the output are zeros.
        """
        inputs = WordpieceInput(token_ids, mask, offsets, wordpiece_mask, type_ids, segment_concat_mask)
        if sentence_positions is None:
            positions = torch.arange(mask.size(1), device=mask.device).expand_as(mask)
            sentence_positions = positions.masked_fill(~mask, -1)
        if self.caching():
            vectors = self._mix(self._cached_vectors(inputs, sentence_positions))
        else:
            vectors = self._word_vectors(inputs, sentence_positions, mixed=True)[sentence_positions >= 0]
        return self._place(vectors, sentence_positions, mask)

    def caching(self) -> bool:
        """Whether this forward pass reads and fills the cache."""
        return (
            self.cache is not None
            and not self.matched_embedder.transformer_model.training
            and not any(p.requires_grad for p in self.matched_embedder.parameters())
        )

    def train(self, mode: bool = True) -> "CachedTransformerMismatchedEmbedder":
        # The trainer switches modes around every epoch and validation: a cheap moment to report and
        # to check the weights again.
        if self.cache is not None and self._hits + self._misses:
            logger.info(
                "frozen transformer cache: %d hits, %d misses since the last report; %d inputs stored "
                "(%.0f MiB)",
                self._hits,
                self._misses,
                len(self.cache),
                self.cache.nbytes() / 2**20,
            )
            self._hits = self._misses = 0
        self._forget_fingerprint()
        return super().train(mode)

    def _forget_fingerprint(self) -> None:
        self._fingerprint = None

    @staticmethod
    def _after_loading(module: "CachedTransformerMismatchedEmbedder", incompatible_keys: Any) -> None:
        # A static method, not a lambda, so that the model can still be pickled.
        module._forget_fingerprint()

    def _encoder_key(self) -> str:
        signature = module_signature(self.matched_embedder)
        if self._fingerprint is None or signature != self._signature:
            self._fingerprint = module_fingerprint(self.matched_embedder, *self._settings)
            self._signature = signature
        return self._fingerprint

    def _cached_vectors(self, inputs: WordpieceInput, positions: torch.Tensor) -> torch.Tensor:
        """The vectors of the words at ``positions`` (-1 left out), row after row, read or computed."""
        assert self.cache is not None
        encoder_key = self._encoder_key()
        keys = _input_keys(inputs, positions)
        rows: List[Optional[torch.Tensor]] = [self.cache.get(encoder_key, key) for key in keys]
        missing = [row for row, vectors in enumerate(rows) if vectors is None]
        self._hits += len(rows) - len(missing)
        self._misses += len(missing)
        if missing:
            index = torch.tensor(missing, device=positions.device)
            computed = self._word_vectors(inputs.rows(index), positions.index_select(0, index), mixed=False)
            for computed_row, row in enumerate(missing):
                wanted = computed[computed_row][positions[row] >= 0]
                rows[row] = self.cache.put(encoder_key, keys[row], wanted)
        return torch.cat([vectors.to(positions.device) for vectors in rows if vectors is not None])

    def _place(self, vectors: torch.Tensor, positions: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """`(batch, num_words, dim)`: ``vectors`` (row after row) at ``positions``, zeros elsewhere."""
        wanted = positions >= 0
        output = vectors.new_zeros((*mask.shape, self.get_output_dim()))
        output[wanted.nonzero(as_tuple=True)[0], positions[wanted]] = vectors
        return output

    def _word_vectors(self, inputs: WordpieceInput, positions: torch.Tensor, mixed: bool) -> torch.Tensor:
        """
        `(batch, positions, dim)`: the vectors of the words at ``positions`` (zeros at -1); with the
        scalar mix, ``mixed`` or each layer's, `(batch, positions, num_layers, dim)`.
        """
        if self.scalar_mix is None:
            layers: ContextManager[None] = nullcontext()
        else:
            layers = self._all_layers(self.scalar_mix if mixed else _concatenated)
        with layers:
            wordpiece_vectors = self.matched_embedder(
                inputs.token_ids,
                inputs.wordpiece_mask,
                type_ids=inputs.type_ids,
                segment_concat_mask=inputs.segment_concat_mask,
            )
        # The average of each word's pieces, as pretrained_transformer_mismatched computes it, but as a
        # product with a (words x pieces) membership matrix: that embedder's batched_span_select copies
        # every piece vector once per word slot, hundreds of megabytes once all layers are kept. Only the
        # wanted words are pooled: a sentence is about a third of its context.
        wanted = positions >= 0
        offsets = inputs.offsets.gather(1, positions.clamp(min=0).unsqueeze(-1).expand(-1, -1, 2))
        pieces = torch.arange(wordpiece_vectors.size(1), device=wordpiece_vectors.device)
        starts, ends = offsets[..., :1], offsets[..., 1:]
        membership = ((pieces >= starts) & (pieces <= ends) & wanted.unsqueeze(-1)).to(
            wordpiece_vectors.dtype
        )
        words = torch.bmm(membership, wordpiece_vectors) / membership.sum(-1, keepdim=True).clamp(min=1)
        if self.scalar_mix is None or mixed:
            return words
        return words.view(*words.shape[:2], self.num_layers, -1)

    def _mix(self, vectors: torch.Tensor) -> torch.Tensor:
        if self.scalar_mix is None:
            return vectors
        return self.scalar_mix(list(vectors.unbind(-2)))

    @contextmanager
    def _all_layers(self, combine: Callable[[List[torch.Tensor]], torch.Tensor]) -> Iterator[None]:
        """
        Inside the block, the transformer's last hidden state is ``combine`` of every layer's output
        (the scalar mix, or `_concatenated`), so that the matched embedder's handling of long inputs
        (folding into ``max_length`` windows and back) applies to all layers at once.
        """
        transformer = self.matched_embedder.transformer_model

        def ask_for_all_layers(module, args, kwargs):
            return args, {**kwargs, "output_hidden_states": True}

        def combine_layers(module, args, kwargs, output):
            # hidden_states[0] is the embedding layer, which the scalar mix leaves out too.
            output["last_hidden_state"] = combine(list(output.hidden_states[1:]))
            return output

        hooks = [
            transformer.register_forward_pre_hook(ask_for_all_layers, with_kwargs=True),
            transformer.register_forward_hook(combine_layers, with_kwargs=True),
        ]
        try:
            yield
        finally:
            for hook in hooks:
                hook.remove()


def _concatenated(layers: List[torch.Tensor]) -> torch.Tensor:
    """The layers' vectors side by side along the feature dimension."""
    return torch.cat(layers, dim=-1)


def switch_off_vector_caches(model: torch.nn.Module) -> int:
    """
    Drops the vector cache of every `CachedTransformerMismatchedEmbedder` in ``model`` and returns how
    many it had. A process that predicts new text (the service, a benchmark) would otherwise fill a
    trained model's cache with every new sentence, without bound, and a benchmark would time cache reads.
    """
    cached = _cached_embedders(model)
    for embedder in cached:
        embedder.cache = None
    return len(cached)


def share_vector_cache(model: torch.nn.Module, cache: Optional[VectorCache]) -> Optional[VectorCache]:
    """
    Makes every cached `CachedTransformerMismatchedEmbedder` of ``model`` use ``cache`` (without one,
    its first cached embedder's) and returns the cache they use (None if ``model`` caches nothing).
    ``cache = share_vector_cache(model, cache)`` over the checkpoints of one run computes each input
    once: they share a frozen transformer, and entries are keyed by its fingerprint, so a model with
    other transformer weights never reads them.
    """
    cached = _cached_embedders(model)
    if not cached:
        return None
    shared = cache if cache is not None else cached[0].cache
    for embedder in cached:
        embedder.cache = shared
    return shared


def _cached_embedders(model: torch.nn.Module) -> List[CachedTransformerMismatchedEmbedder]:
    return [
        module
        for module in model.modules()
        if isinstance(module, CachedTransformerMismatchedEmbedder) and module.cache is not None
    ]


def _input_keys(inputs: WordpieceInput, positions: torch.Tensor) -> List[bytes]:
    """Per row, a digest of everything the row's vectors depend on (padding left out)."""
    pieces_mask = (
        inputs.segment_concat_mask if inputs.segment_concat_mask is not None else inputs.wordpiece_mask
    )
    num_pieces = pieces_mask.sum(1).tolist()
    num_words = inputs.mask.sum(1).tolist()
    token_ids, offsets = inputs.token_ids.cpu().numpy(), inputs.offsets.cpu().numpy()
    type_ids = None if inputs.type_ids is None else inputs.type_ids.cpu().numpy()
    positions_array = positions.cpu().numpy()
    keys = []
    for row, (pieces, words) in enumerate(zip(num_pieces, num_words, strict=True)):
        digest = hashlib.blake2b(digest_size=20)
        digest.update(repr((pieces, words)).encode())
        digest.update(token_ids[row, :pieces].tobytes())
        digest.update(offsets[row, :words].tobytes())
        if type_ids is not None:
            digest.update(type_ids[row, :pieces].tobytes())
        digest.update(positions_array[row][positions_array[row] >= 0].tobytes())
        keys.append(digest.digest())
    return keys
