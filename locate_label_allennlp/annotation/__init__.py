"""Corpus annotation with a trained model: `corpus.annotate_corpus` (the `nested-ner-annotate` command)."""
