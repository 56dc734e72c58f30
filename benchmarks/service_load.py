#!/usr/bin/env python
"""The web service under load (see locate_label_allennlp.benchmarking.service_load)."""

from locate_label_allennlp.benchmarking.service_load import main

if __name__ == "__main__":
    main()
