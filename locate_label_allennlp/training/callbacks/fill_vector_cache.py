import logging
import time
from typing import TYPE_CHECKING, Any, Dict, List, Optional

import torch
from allennlp.data import Batch, Instance, TensorDict
from allennlp.nn import util as nn_util
from allennlp.training.callbacks import TrainerCallback

from locate_label_allennlp.models import LocateAndLabel
from locate_label_allennlp.modules.token_embedders import CachedTransformerMismatchedEmbedder

if TYPE_CHECKING:
    from allennlp.training.gradient_descent_trainer import GradientDescentTrainer

logger = logging.getLogger(__name__)


@TrainerCallback.register("fill_vector_cache")
class FillVectorCacheCallback(TrainerCallback):
    """
    After the run's first training batch, computes the frozen transformer's vectors of every training
    sentence in batches of sentences whose contexts have about the same number of word pieces, so
    that the rest of the first epoch reads them from the model's vector cache
    (`CachedTransformerMismatchedEmbedder`) instead of computing them in its own batches. Those are
    sorted by sentence length (what the span heads and the BiLSTM pay for), while the transformer's
    input is the sentence with its neighbours, whose length varies far more within such a batch: much
    of the transformer's input would be padding.

    The vectors are the same either way, up to float rounding: the transformer masks the padding, and
    the cache files each sentence under its own input, whatever batch it came in. Sentences already in
    the cache (a disk cache of an earlier run) are read, not computed. The validation sentences are
    left to the first validation. Nothing happens when no embedder of the model caches (a trainable
    transformer, or no cache configured) or when the model is not a `LocateAndLabel` (filling calls
    its `encode`); the log says which.

    # Parameters
    batch_size : `int`, optional (default = `32`)
        Sentences per transformer batch.
    """

    def __init__(self, serialization_dir: str, batch_size: int = 32) -> None:
        super().__init__(serialization_dir)
        self.batch_size = batch_size
        self._filled = False

    def on_batch(
        self,
        trainer: "GradientDescentTrainer",
        batch_inputs: List[TensorDict],
        batch_outputs: List[Dict[str, Any]],
        batch_metrics: Dict[str, Any],
        epoch: int,
        batch_number: int,
        is_training: bool,
        is_primary: bool = True,
        batch_grad_norm: Optional[float] = None,
        **kwargs,
    ) -> None:
        # After the run's first training batch rather than in `on_start`, which AllenNLP calls before
        # it starts the clock of `training_duration`: the time spent here belongs to the first epoch.
        if is_training and not self._filled:
            self._filled = True
            self._fill(trainer)

    def _fill(self, trainer: "GradientDescentTrainer") -> None:
        model = trainer.model
        # Filling runs the model's `encode` on the reader's fields, which only LocateAndLabel has.
        if not isinstance(model, LocateAndLabel):
            logger.info(
                "fill_vector_cache: fills the caches of LocateAndLabel models only, not of %s; nothing to fill",
                type(model).__name__,
            )
            return
        if not any(
            isinstance(module, CachedTransformerMismatchedEmbedder) and module.caching()
            for module in model.modules()
        ):
            logger.info("fill_vector_cache: the model caches no transformer vectors; nothing to fill")
            return
        instances: List[Instance] = list(trainer.data_loader.iter_instances())
        # By the context's longest padded dimension, its word pieces (the transformer's input length),
        # which vary more than its words. Sorted here, not by AllenNLP's bucket sampler: that draws
        # from the random state, and the run would then shuffle its batches unlike a run without this
        # callback.
        order = sorted(range(len(instances)), key=lambda index: _context_length(instances[index]))
        device = next(model.parameters()).device
        started = time.perf_counter()
        was_training = model.training
        model.eval()
        try:
            with torch.no_grad():
                for start in range(0, len(order), self.batch_size):
                    batch = [instances[index] for index in order[start : start + self.batch_size]]
                    tensors = Batch(batch).as_tensor_dict()
                    tensors = nn_util.move_to_device(tensors, device)
                    if nn_util.get_text_field_mask(tensors["tokens"]).any():
                        model.encode(tensors["tokens"], tensors["context_tokens"], tensors["context_offset"])
        finally:
            model.train(was_training)
        logger.info(
            "fill_vector_cache: the transformer vectors of %d training sentences in %.1f s",
            len(instances),
            time.perf_counter() - started,
        )


def _context_length(instance: Instance) -> int:
    return max(instance["context_tokens"].get_padding_lengths().values())
