"""
The nested-NER web service (``allennlp nested-ner-serve MODEL``): a FastAPI app over a trained archive
that batches concurrent requests for the model (`batcher`), checks every request before the model sees
it (`validation`, `limits`), serves an interactive page drawing the entities as nested boxes (`page`),
and a bounded load test against a running service (`load_test`).
"""
