"""
The benchmark of a trained model: accuracy (with Table 3's ablations), speed, growth with length and a
profile, written to results.json and rendered as BENCHMARKS.md. `cli` is the command line
(``benchmarks/benchmark.py``); `report` renders the page (``benchmarks/report.py``).
"""
