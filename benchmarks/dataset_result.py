#!/usr/bin/env python
"""A dataset's test F1 into the headline (see locate_label_allennlp.benchmarking.dataset_results)."""

from locate_label_allennlp.benchmarking.dataset_results import main

if __name__ == "__main__":
    main()
