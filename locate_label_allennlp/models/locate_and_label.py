"""
The Locate and Label model. One module of ~500 lines on purpose: the registered model, its forward pass
(which reads like Figure 2 of the paper) and the public surface that tools use stay together; the span
mathematics lives in `nn/` and the heads in `modules/`.
"""

from contextlib import contextmanager
from typing import Any, Dict, Iterator, List, NamedTuple, Optional, Sequence, Tuple

import torch
from allennlp.common import Lazy
from allennlp.common.checks import ConfigurationError
from allennlp.data import TextFieldTensors, Vocabulary
from allennlp.models.model import Model
from allennlp.modules import Seq2SeqEncoder, TextFieldEmbedder
from allennlp.modules.seq2seq_encoders import PassThroughEncoder
from allennlp.nn import InitializerApplicator
from allennlp.nn.util import get_text_field_mask

from locate_label_allennlp.metrics import NestedSpanF1
from locate_label_allennlp.modules import (
    BoundaryRegressor,
    EntityClassifier,
    SoftNmsDecoder,
    SpanDecoder,
    SpanProposalFilter,
)
from locate_label_allennlp.nn.losses import weighted_mean
from locate_label_allennlp.nn.quantization import (
    check_outlier_rows,
    check_quantization_engine,
    check_quantization_scheme,
    quantization_spec,
    quantize_dynamic,
)
from locate_label_allennlp.nn.span_utils import (
    adjust_boundaries,
    assign_targets,
    compact_masked,
    enumerate_seed_spans,
    gather_spans,
    sample_negatives,
    soft_example_weights,
)

DEFAULT_WINDOW_SIZES = (1, 2, 3, 4, 5, 6, 7, 9, 11, 13, 15)
"""Table 6's seed span lengths "[1-7, 9, 11, 13, 15]" (the ACE05 and KBP17 setting)."""


class Gold(NamedTuple):
    spans: torch.Tensor
    labels: torch.Tensor
    mask: torch.Tensor


class Proposals(NamedTuple):
    """
    Stage 2's typed, scored proposals of a batch, before the decoder picks the entities: what
    `LocateAndLabel.propose` returns and `LocateAndLabel.decode` takes, so that a model pass can be
    decoded many times (e.g. to tune the decoder on dev).
    """

    spans: torch.Tensor
    """`(batch, k, 2)`, inclusive ends."""
    labels: torch.Tensor
    """`(batch, k)`, type index + 1 (0 is NONE)."""
    scores: torch.Tensor
    """`(batch, k)`, the classifier's probability of ``labels``."""
    mask: torch.Tensor
    """`(batch, k)`: a real proposal classified as an entity type."""
    num_proposals: torch.Tensor
    """`(batch,)`: the seeds stage 1 kept in each sentence."""


EntityTuple = Tuple[int, int, str, float]
"""A decoded entity as ``(start, end_exclusive, type, score)``."""


@Model.register("locate_and_label")
class LocateAndLabel(Model):
    """
    Locate and Label (Shen et al., ACL 2021), a two-stage identifier for nested named entities.

    Stage 1 locates: every seed span (all spans whose length is in ``window_sizes``) is scored by a
    span proposal filter and given boundary offsets by a boundary regressor. Stage 2 labels: the kept
    seeds, with their boundaries shifted by the rounded offsets, are classified into NONE or an entity
    type, and a span decoder (Soft-NMS by default) picks the entities. The losses are weighted by soft
    examples (Eq. 11) as the paper's equations say: the filter's and the classifier's, and the
    regressor's only with ``weight_regression_loss``. The forward pass is the paper's Figure 2::

        tokens -> text_field_embedder -> encoder -> h
        h, seeds -> span_proposal_filter -> p_filter; h, seeds -> boundary_regressor -> offsets
        seeds + rounded offsets -> proposals -> entity_classifier -> types -> decoder -> entities

    # Parameters
    vocab : `Vocabulary`; entity types are the ``label_namespace`` namespace.
    text_field_embedder : `TextFieldEmbedder`, any (words, characters, POS, transformers ...).
    context_field_embedder : `TextFieldEmbedder`, optional: embeds the reader's ``context_tokens``
        (previous sentence, sentence, next sentence), typically a transformer; its vectors at the
        sentence's positions are concatenated to ``text_field_embedder``'s.
    encoder : `Seq2SeqEncoder`, optional, e.g. a BiLSTM (default: none). Its input size
        (``input_size`` / ``input_dim``) is the embedders' output size and may be left out of the config.
    window_sizes : the allowed seed span lengths (default: Table 6's list for ACE05 and KBP17).
    span_proposal_filter : `SpanProposalFilter`, or `None` for the "w/o filter" ablation (every seed
        goes to stage 2).
    boundary_regressor : `BoundaryRegressor`, or `None` for the "w/o regressor" ablation (seeds keep
        their boundaries).
    entity_classifier : `EntityClassifier`.
    decoder : `SpanDecoder` (``soft_nms``, ``hard_nms`` or ``none``); default: ``soft_nms`` with its
        own defaults (u 0.7, k 0.5, delta 0.5), which are this project's, not the paper's: Table 6 gives
        u, k and delta per dataset only, so a dataset's config sets them.
    seed_iou_threshold : alpha1: a seed whose IoU with an entity is at least this is positive.
    proposal_iou_threshold : alpha2: the same for adjusted proposals (stage 2 targets).
    soft_example_eta : eta of Eq. 11; 0 turns soft examples off.
    weight_regression_loss : multiply the regression loss by the soft-example weights too. The paper
        weights the filter and classifier losses (Eq. 12 and 16 carry w_i) but not the regression loss
        (Eq. 13-15 do not), hence the default `False`; the authors' released code weights it.
    negative_ratio : negatives sampled per positive seed in training (`None`: all).
    loss_weights : lambda1, lambda2, lambda3 of the total loss (filter, regressor, classifier).
    dropout : applied to the encoder's output before the span heads.
    quantize : `None`, ``"int8"`` or ``"int8_linear"``: once its weights are loaded (an archive), the
        model runs with int8 dynamic quantisation, for faster CPU inference: its Linear and LSTM layers
        (``"int8"``) or its Linear layers only (``"int8_linear"``, `nn.quantization` says when that is
        the faster); such a model cannot be trained. Meant as an override at prediction or evaluation
        time: ``-o '{"model.quantize": "int8", "model.quantization_engine": "onednn"}'``.
    quantization_engine : with ``quantize``, the torch quantized engine whose int8 kernels the model
        runs (``"x86"``, ``"fbgemm"``, ``"onednn"``, ``"qnnpack"``, as torch's build offers them); `None`:
        torch's default for the machine. Which is fastest depends on the CPU (BENCHMARKS.md).
    quantize_keep_float : with ``quantize``, names of submodules (as ``named_modules`` gives them, e.g.
        ``"_context_field_embedder.token_embedder_transformer.matched_embedder.transformer_model.encoder.layer.0"``)
        that stay float32: less int8 error for less speed-up (``benchmarks/int8_sensitivity.py``).
    quantize_outlier_rows : with ``quantize``, a factor: the int8 Linear layers quantise the rows (tokens)
        whose largest absolute value exceeds this many times the mean of the rows' largest values apart
        from the others, each group with its own activation scale (`nn.quantization` says why); `None`:
        one scale per layer call, torch's dynamic quantisation as it is.
    """

    def __init__(
        self,
        vocab: Vocabulary,
        text_field_embedder: TextFieldEmbedder,
        context_field_embedder: Optional[TextFieldEmbedder] = None,
        encoder: Optional[Lazy[Seq2SeqEncoder]] = None,
        window_sizes: Sequence[int] = DEFAULT_WINDOW_SIZES,
        span_proposal_filter: Optional[Lazy[SpanProposalFilter]] = Lazy(SpanProposalFilter),
        boundary_regressor: Optional[Lazy[BoundaryRegressor]] = Lazy(BoundaryRegressor),
        entity_classifier: Lazy[EntityClassifier] = Lazy(EntityClassifier),
        decoder: Optional[SpanDecoder] = None,
        seed_iou_threshold: float = 0.7,
        proposal_iou_threshold: float = 1.0,
        soft_example_eta: float = 1.0,
        weight_regression_loss: bool = False,
        negative_ratio: Optional[float] = 5.0,
        loss_weights: Sequence[float] = (1.0, 0.1, 1.0),
        dropout: float = 0.5,
        label_namespace: str = "labels",
        quantize: Optional[str] = None,
        quantization_engine: Optional[str] = None,
        quantize_keep_float: Sequence[str] = (),
        quantize_outlier_rows: Optional[float] = None,
        initializer: InitializerApplicator = InitializerApplicator(),
        **kwargs,
    ) -> None:
        super().__init__(vocab, **kwargs)
        if len(loss_weights) != 3:
            raise ConfigurationError(f"loss_weights needs 3 values (lambda1-3), got {loss_weights}")
        if not 0.0 < seed_iou_threshold <= 1.0 or not 0.0 < proposal_iou_threshold <= 1.0:
            raise ConfigurationError("seed_iou_threshold and proposal_iou_threshold must be in (0, 1]")
        self._text_field_embedder = text_field_embedder
        self._context_field_embedder = context_field_embedder
        embedding_dim = text_field_embedder.get_output_dim() + (
            context_field_embedder.get_output_dim() if context_field_embedder else 0
        )
        self._encoder = (
            encoder.construct(input_size=embedding_dim, input_dim=embedding_dim)
            if encoder is not None
            else PassThroughEncoder(embedding_dim)
        )
        if self._encoder.get_input_dim() != embedding_dim:
            raise ConfigurationError(
                f"the encoder's input_dim ({self._encoder.get_input_dim()}) must equal the embedders' "
                f"output dim ({embedding_dim} = text field embedder "
                f"{text_field_embedder.get_output_dim()} + context field embedder "
                f"{context_field_embedder.get_output_dim() if context_field_embedder else 0})"
            )
        hidden = self._encoder.get_output_dim()
        self._window_sizes = list(window_sizes)
        enumerate_seed_spans(torch.ones(1, dtype=torch.long), self._window_sizes)  # validates them
        self._label_namespace = label_namespace
        num_types = vocab.get_vocab_size(label_namespace)
        self._span_proposal_filter = (
            span_proposal_filter.construct(input_dim=hidden) if span_proposal_filter else None
        )
        self._boundary_regressor = (
            boundary_regressor.construct(input_dim=hidden) if boundary_regressor else None
        )
        self._entity_classifier = entity_classifier.construct(input_dim=hidden, num_types=num_types)
        self._decoder = decoder or SoftNmsDecoder()
        self._alpha1 = seed_iou_threshold
        self._alpha2 = proposal_iou_threshold
        self._eta = soft_example_eta
        self._weight_regression_loss = weight_regression_loss
        self._negative_ratio = negative_ratio
        self._loss_weights = list(loss_weights)
        self._dropout = torch.nn.Dropout(dropout)
        self._metric = NestedSpanF1()
        initializer(self)
        check_quantization_scheme(quantize)
        check_quantization_engine(quantization_engine)
        check_outlier_rows(quantize_outlier_rows)
        qualifiers = (quantization_engine, quantize_outlier_rows)
        if (any(q is not None for q in qualifiers) or quantize_keep_float) and quantize is None:
            raise ConfigurationError(
                "quantization_engine, quantize_keep_float and quantize_outlier_rows qualify model.quantize: "
                "give it too"
            )
        if quantize is not None:
            quantization_spec(self, quantize, quantize_keep_float)  # names no submodule: an error now
        self._quantize = quantize
        self._quantization_engine = quantization_engine
        self._quantize_keep_float = list(quantize_keep_float)
        self._quantize_outlier_rows = quantize_outlier_rows
        self._quantized = False

    def forward(
        self,
        tokens: TextFieldTensors,
        gold_spans: Optional[torch.Tensor] = None,
        gold_labels: Optional[torch.Tensor] = None,
        metadata: Optional[List[Dict[str, Any]]] = None,
        context_tokens: Optional[TextFieldTensors] = None,
        context_offset: Optional[torch.Tensor] = None,
    ) -> Dict[str, torch.Tensor]:
        """
        # Parameters
        tokens : the sentence's `TextField` tensors.
        gold_spans : `(batch, num_gold, 2)`, inclusive ends, padded with -1.
        gold_labels : `(batch, num_gold)`, type indices, padded with -1.
        metadata : per sentence, "tokens" and the gold "entities" (exclusive ends) for the metric.
        context_tokens, context_offset : the sentence within its neighbours, and where it starts there.

        # Returns
        An output dict with "loss" when gold entities are given and, outside training, the entities:
        "spans" `(batch, k, 2)` (inclusive), "labels" `(batch, k)` (type index + 1), "scores", and
        "entity_mask" `(batch, k)` saying which of the k rows are entities; plus "num_proposals".
        """
        mask = get_text_field_mask(tokens)
        if mask.size(1) == 0:
            # Only empty sentences: embedders and LSTMs reject length 0, and there is nothing to find.
            return self._forward_without_tokens(mask, gold_spans is not None, metadata)
        sequence_lengths = mask.sum(dim=1)
        encoded = self._dropout(self.encode(tokens, context_tokens, context_offset)[0])
        seeds, seed_mask = enumerate_seed_spans(sequence_lengths, self._window_sizes)
        gold = None
        if gold_spans is not None and gold_labels is not None:
            # A label of -1 is padding or a type missing from the vocabulary (see TolerantLabelField):
            # no target, but the metric still counts that entity as missed (it reads the metadata).
            gold_mask = (gold_spans[..., 0] >= 0) & (gold_labels >= 0)
            gold = Gold(gold_spans, gold_labels.clamp(min=0), gold_mask)

        if self.training:
            if gold is None:
                raise ConfigurationError("training needs gold entities (gold_spans, gold_labels)")
            return {"loss": self._training_loss(encoded, mask, sequence_lengths, seeds, seed_mask, gold)}

        output: Dict[str, torch.Tensor] = {}
        if gold is not None:
            filter_logits, offsets = self._locate(encoded, mask, seeds, seed_mask)
            output["loss"] = self._loss(
                encoded, mask, sequence_lengths, seeds, seed_mask, filter_logits, offsets, gold
            )
        else:
            # Without a loss to compute, the regressor only needs the seeds the filter keeps.
            filter_logits, offsets = self._filter_logits(encoded, mask, seeds, seed_mask), None
        proposals = self._propose(encoded, mask, sequence_lengths, seeds, seed_mask, filter_logits, offsets)
        output.update(self.decode(proposals))
        self._judge(output, metadata)
        return output

    # The public surface that tools (decoder tuning, benchmarks, quantisation) use instead of the
    # attributes above: encode, propose + decode, the decoder, the window sizes and the entity types.

    @property
    def decoder(self) -> SpanDecoder:
        """The span decoder of Algorithm 1 (assignable; see also `using_decoder`)."""
        return self._decoder

    @decoder.setter
    def decoder(self, decoder: SpanDecoder) -> None:
        self._decoder = decoder

    @contextmanager
    def using_decoder(self, decoder: SpanDecoder) -> Iterator["LocateAndLabel"]:
        """Decodes with ``decoder`` inside the ``with`` block; the model's own decoder comes back after it."""
        original = self._decoder
        self._decoder = decoder
        try:
            yield self
        finally:
            self._decoder = original

    @property
    def window_sizes(self) -> List[int]:
        """The seed span lengths that are enumerated."""
        return list(self._window_sizes)

    @property
    def label_namespace(self) -> str:
        return self._label_namespace

    @property
    def entity_types(self) -> List[str]:
        """The entity types in the order of the classifier's outputs 1.. (output 0 is NONE)."""
        return [
            self.vocab.get_token_from_index(index, self._label_namespace)
            for index in range(self.vocab.get_vocab_size(self._label_namespace))
        ]

    def stages(self) -> Dict[str, torch.nn.Module]:
        """The modules of the forward pass in the order they run, by what they are (absent ones
        left out): for profiling hooks and reports."""
        stages = {
            "text field embedder": self._text_field_embedder,
            "context field embedder": self._context_field_embedder,
            "encoder": self._encoder,
            "span proposal filter": self._span_proposal_filter,
            "boundary regressor": self._boundary_regressor,
            "entity classifier": self._entity_classifier,
        }
        return {name: module for name, module in stages.items() if module is not None}

    def encode(
        self,
        tokens: TextFieldTensors,
        context_tokens: Optional[TextFieldTensors] = None,
        context_offset: Optional[torch.Tensor] = None,
    ) -> Tuple[torch.Tensor, torch.Tensor]:
        """
        The token representation h `(batch, length, hidden)` and the token mask: the embedders
        (words, characters, POS, transformer with context) and the encoder, as `forward` runs them
        (`forward` adds dropout in training). The batch needs at least one token.
        """
        mask = get_text_field_mask(tokens)
        embedded = self._embed(tokens, mask, context_tokens, context_offset)
        return self._encoder(embedded, mask), mask

    def propose(
        self,
        tokens: TextFieldTensors,
        context_tokens: Optional[TextFieldTensors] = None,
        context_offset: Optional[torch.Tensor] = None,
        **ignored: Any,
    ) -> Proposals:
        """
        Everything `forward` does at inference before the decoder: stage 1 (filter, regressor) and
        stage 2 (adjusted proposals, classified). Takes a batch as `forward` does (gold entities and
        metadata are ignored); `decode` turns the result into entities, as often as wanted.
        """
        token_mask = get_text_field_mask(tokens)
        if token_mask.size(1) == 0:
            return self._no_proposals(token_mask)
        encoded, mask = self.encode(tokens, context_tokens, context_offset)
        sequence_lengths = mask.sum(dim=1)
        seeds, seed_mask = enumerate_seed_spans(sequence_lengths, self._window_sizes)
        filter_logits = self._filter_logits(encoded, mask, seeds, seed_mask)
        return self._propose(encoded, mask, sequence_lengths, seeds, seed_mask, filter_logits, None)

    def decode(self, proposals: Proposals, decoder: Optional[SpanDecoder] = None) -> Dict[str, torch.Tensor]:
        """
        Algorithm 1: ``decoder`` (default: the model's) picks the entities among ``proposals``.
        Returns the output dict of `forward` without the loss: "spans", "labels", "scores",
        "entity_mask" and "num_proposals".
        """
        entity_mask, scores = (decoder or self._decoder)(
            proposals.spans, proposals.labels, proposals.scores, proposals.mask
        )
        return {
            "spans": proposals.spans,
            "labels": proposals.labels,
            "scores": scores,
            "entity_mask": entity_mask,
            "num_proposals": proposals.num_proposals,
        }

    def decoded_entities(self, output: Dict[str, torch.Tensor]) -> List[List[EntityTuple]]:
        """Per sentence of a `forward`/`decode` output, ``(start, end_exclusive, type, score)``
        sorted by start, then longest first."""
        spans = output["spans"].tolist()
        labels = output["labels"].tolist()
        scores = output["scores"].tolist()
        entity_mask = output["entity_mask"].tolist()
        decoded = []
        for row_spans, row_labels, row_scores, row_mask in zip(spans, labels, scores, entity_mask):
            entities = [
                (start, end + 1, self.vocab.get_token_from_index(label - 1, self._label_namespace), score)
                for (start, end), label, score, is_entity in zip(row_spans, row_labels, row_scores, row_mask)
                if is_entity
            ]
            decoded.append(sorted(entities, key=lambda e: (e[0], -(e[1] - e[0]), e[2])))
        return decoded

    def _training_loss(self, encoded, mask, sequence_lengths, seeds, seed_mask, gold: Gold) -> torch.Tensor:
        """The loss of a training batch. Only the sampled seeds take part in training, so only those
        are scored."""
        seed_targets = assign_targets(seeds, seed_mask, gold.spans, gold.labels, gold.mask, self._alpha1)
        sampled = sample_negatives(seed_targets.positive, seed_mask, self._negative_ratio)
        indices, kept = compact_masked(sampled)
        seeds, seed_mask = gather_spans(seeds, indices), kept
        filter_logits, offsets = self._locate(encoded, mask, seeds, seed_mask)
        loss = self._loss(encoded, mask, sequence_lengths, seeds, seed_mask, filter_logits, offsets, gold)
        if not bool(torch.isfinite(loss)):
            # AllenNLP's trainer stops on a NaN loss only; an infinite one would corrupt the weights.
            raise ValueError(
                f"non-finite training loss ({loss.item()}): stopping before the weights "
                "are corrupted (check the input data, the learning rate, grad_clipping)"
            )
        return loss

    def _forward_without_tokens(self, mask, has_gold, metadata) -> Dict[str, torch.Tensor]:
        """`forward` for a batch whose sentences are all empty: no entities, no proposals."""
        if self.training and not has_gold:
            raise ConfigurationError("training needs gold entities (gold_spans, gold_labels)")
        output: Dict[str, torch.Tensor] = {}
        if has_gold:
            # Zero, but depending on every parameter, so backward() and DDP's all-reduce still work.
            zero = mask.new_zeros((), dtype=torch.float)
            output["loss"] = sum(((p * 0.0).sum() for p in self.parameters() if p.requires_grad), zero)
            if self.training:
                return output
        output.update(self.decode(self._no_proposals(mask)))
        self._judge(output, metadata)
        return output

    @staticmethod
    def _no_proposals(mask: torch.Tensor) -> Proposals:
        """The proposals of sentences without tokens: one masked row each."""
        empty = mask.new_zeros(mask.size(0), 1, dtype=torch.long)
        return Proposals(
            spans=mask.new_zeros(mask.size(0), 1, 2, dtype=torch.long),
            labels=empty,
            scores=empty.float(),
            mask=empty.bool(),
            num_proposals=empty.squeeze(1),
        )

    def _judge(self, output: Dict[str, torch.Tensor], metadata: Optional[List[Dict[str, Any]]]) -> None:
        """Updates the metric with the decoded entities when every sentence carries gold entities."""
        if metadata is not None and all(m.get("entities") is not None for m in metadata):
            self._metric(
                [[entity[:3] for entity in sentence] for sentence in self.decoded_entities(output)],
                [m["entities"] for m in metadata],
                output["num_proposals"].tolist(),
            )

    def _embed(self, tokens, mask, context_tokens, context_offset) -> torch.Tensor:
        embedded = self._text_field_embedder(tokens)
        if self._context_field_embedder is None:
            return embedded
        if context_tokens is None or context_offset is None:
            raise ConfigurationError(
                "the model has a context_field_embedder: give the dataset reader context_token_indexers"
            )
        # The sentence's vectors sit at context_offset .. context_offset + length in the context.
        positions = context_offset.view(-1, 1) + torch.arange(mask.size(1), device=mask.device)
        # Token embedders that take `sentence_positions` (a cached frozen transformer) need compute or
        # read only these; the others ignore them.
        contextual = self._context_field_embedder(
            context_tokens, sentence_positions=positions.masked_fill(~mask, -1)
        )
        positions = positions.clamp(max=contextual.size(1) - 1)
        return torch.cat([embedded, gather_spans(contextual, positions)], dim=-1)

    def _locate(self, encoded, mask, seeds, seed_mask):
        """Stage 1: filter logits `(batch, num)` (or `None`) and offsets `(batch, num, 2)`."""
        return (
            self._filter_logits(encoded, mask, seeds, seed_mask),
            self._offsets(encoded, mask, seeds, seed_mask),
        )

    def _filter_logits(self, encoded, mask, seeds, seed_mask) -> Optional[torch.Tensor]:
        if self._span_proposal_filter is None:
            return None
        return self._span_proposal_filter(encoded, mask, seeds, seed_mask)

    def _offsets(self, encoded, mask, seeds, seed_mask) -> torch.Tensor:
        if self._boundary_regressor is None:
            return encoded.new_zeros(*seeds.shape)
        return self._boundary_regressor(encoded, mask, seeds, seed_mask)

    def _loss(self, encoded, mask, sequence_lengths, seeds, seed_mask, filter_logits, offsets, gold):
        """Eq. 17: lambda1 * filter (Eq. 12) + lambda2 * regression (Eq. 13) + lambda3 * classification
        (Eq. 16), each averaged over its spans (see `weighted_mean`)."""
        seed_targets = assign_targets(seeds, seed_mask, gold.spans, gold.labels, gold.mask, self._alpha1)
        seed_weights = soft_example_weights(seed_targets.iou, self._alpha1, self._eta)
        filter_weight, regression_weight, classifier_weight = self._loss_weights
        loss = encoded.new_zeros(())
        if self._span_proposal_filter is not None:
            filter_loss = self._span_proposal_filter.loss(filter_logits, seed_targets.positive)
            loss = loss + filter_weight * weighted_mean(filter_loss, seed_weights, seed_mask)
        if self._boundary_regressor is not None:
            # Eq. 13-15 over the positive seeds (the only ones with a regression target).
            regression_loss = self._boundary_regressor.loss(
                seeds, offsets, seed_targets.offsets, seed_targets.matched_spans
            )
            regression_weights = (
                seed_weights if self._weight_regression_loss else torch.ones_like(seed_weights)
            )
            loss = loss + regression_weight * weighted_mean(
                regression_loss, regression_weights, seed_mask & seed_targets.positive
            )
        # Rounding has no gradient: stage 2 learns from where stage 1 currently puts the spans.
        proposals = adjust_boundaries(seeds, offsets.detach(), sequence_lengths)
        proposal_targets = assign_targets(
            proposals, seed_mask, gold.spans, gold.labels, gold.mask, self._alpha2
        )
        proposal_weights = soft_example_weights(proposal_targets.iou, self._alpha2, self._eta)
        logits = self._entity_classifier(encoded, mask, proposals, seed_mask)
        classifier_loss = self._entity_classifier.loss(logits, proposal_targets.labels)
        return loss + classifier_weight * weighted_mean(classifier_loss, proposal_weights, seed_mask)

    def _propose(
        self, encoded, mask, sequence_lengths, seeds, seed_mask, filter_logits, offsets
    ) -> Proposals:
        """
        Stage 2 at inference: keep the seeds the filter accepts, adjust them (with ``offsets`` of all
        seeds, or, when `None`, by running the regressor on the kept seeds only), classify.
        """
        keep = seed_mask
        if self._span_proposal_filter is not None:
            keep = keep & (torch.sigmoid(filter_logits) >= self._span_proposal_filter.keep_threshold)
        indices, proposal_mask = compact_masked(keep)
        kept_seeds = gather_spans(seeds, indices)
        if offsets is None:
            kept_offsets = self._offsets(encoded, mask, kept_seeds, proposal_mask)
        else:
            kept_offsets = gather_spans(offsets, indices)
        proposals = adjust_boundaries(kept_seeds, kept_offsets, sequence_lengths)
        logits = self._entity_classifier(encoded, mask, proposals, proposal_mask)
        scores, labels = torch.softmax(logits, dim=-1).max(dim=-1)
        return Proposals(proposals, labels, scores, proposal_mask & (labels > 0), keep.sum(dim=1))

    def make_output_human_readable(self, output_dict: Dict[str, Any]) -> Dict[str, Any]:
        """Adds "entities": per sentence, ``{"start", "end" (exclusive), "type", "score"}`` dicts."""
        output_dict["entities"] = [
            [
                {"start": start, "end": end, "type": label, "score": score}
                for start, end, label, score in sentence
            ]
            for sentence in self.decoded_entities(output_dict)
        ]
        return output_dict

    def load_state_dict(self, state_dict, strict: bool = True):  # type: ignore[override]
        """Loads the weights, then quantises the model when ``quantize`` asks for it."""
        if self._quantized:
            raise ValueError("this model is quantised: load the weights into a model without `quantize`")
        result = super().load_state_dict(state_dict, strict=strict)
        if self._quantize is not None:
            quantize_dynamic(
                self,
                self._quantize,
                self._quantization_engine,
                inplace=True,
                keep_float=self._quantize_keep_float,
                outlier_rows=self._quantize_outlier_rows,
            )
            self._quantized = True
        return result

    def train(self, mode: bool = True) -> "LocateAndLabel":
        if mode and self._quantize is not None:
            raise ConfigurationError(
                "model.quantize is for inference only (a quantised model has no gradients): remove it from "
                "the training configuration and give it as an override to evaluate or predict"
            )
        return super().train(mode)

    def get_metrics(self, reset: bool = False) -> Dict[str, float]:
        return self._metric.get_metric(reset)

    default_predictor = "nested_ner"
