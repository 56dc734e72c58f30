#!/usr/bin/env python
"""BENCHMARKS.md from a benchmark results.json (see locate_label_allennlp.benchmarking.report)."""

from locate_label_allennlp.benchmarking.report import main

if __name__ == "__main__":
    main()
