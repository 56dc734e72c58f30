#!/usr/bin/env python
"""Accuracy and speed of a trained Locate and Label model (see locate_label_allennlp.benchmarking.cli)."""

from locate_label_allennlp.benchmarking.cli import main

if __name__ == "__main__":
    main()
