#!/usr/bin/env python
"""Throughput and memory of corpus annotation (see locate_label_allennlp.benchmarking.annotation)."""

from locate_label_allennlp.benchmarking.annotation import main

if __name__ == "__main__":
    main()
