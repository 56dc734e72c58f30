"""
Evaluating a trained model beyond `allennlp evaluate`: scoring its proposals once and decoding them
with many decoders (`decoder_comparison`), and selecting the decoder's settings on dev
(`decoder_tuning`). Used by `allennlp nested-ner-tune-decoder` and by the benchmark.
"""

from locate_label_allennlp.evaluation.decoder_comparison import metrics_by_decoder
from locate_label_allennlp.evaluation.decoder_tuning import DecoderGrid, tune_decoder

__all__ = ["DecoderGrid", "metrics_by_decoder", "tune_decoder"]
