# `make demo` and `make test` work from a fresh clone: they create .venv and install everything first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DIR ?= demo_output
export FIXTURES_DIR := $(CURDIR)/fixtures
export HF_HUB_OFFLINE := 1

.PHONY: install test demo clean

install: $(STAMP)

# allennlp 2.10.1 declares torch<1.13 (no Python 3.11 wheels), so it is installed with --no-deps next to
# the pinned runtime stack of requirements.txt; setup.py adds the plugin and its torchvision start-up shim.
$(STAMP): requirements.txt requirements-no-deps.txt setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt
	$(BIN)/pip install --disable-pip-version-check -q --no-deps -r requirements-no-deps.txt
	$(BIN)/pip install --disable-pip-version-check -q --no-deps -e .
	$(BIN)/allennlp test-install
	touch $@

test: $(STAMP)
	$(BIN)/python -m pytest tests -q -p no:cacheprovider

demo: $(STAMP)
	rm -rf $(DEMO_DIR)
	$(BIN)/allennlp train fixtures/experiment.jsonnet -s $(DEMO_DIR)/model --include-package locate_label_allennlp
	$(BIN)/allennlp evaluate $(DEMO_DIR)/model/model.tar.gz fixtures/data/dev.jsonl \
		--output-file $(DEMO_DIR)/dev_metrics.json --include-package locate_label_allennlp
	$(BIN)/allennlp predict $(DEMO_DIR)/model/model.tar.gz fixtures/demo_sentences.jsonl \
		--predictor nested_ner --output-file $(DEMO_DIR)/predictions.jsonl --silent \
		--include-package locate_label_allennlp
	$(BIN)/allennlp predict $(DEMO_DIR)/model/model.tar.gz fixtures/data/dev.jsonl --use-dataset-reader \
		--predictor nested_ner --output-file $(DEMO_DIR)/dev_predictions.jsonl --silent \
		--include-package locate_label_allennlp
	$(BIN)/python -m locate_label_allennlp.commands.nested_ner_view $(DEMO_DIR)/predictions.jsonl \
		-o $(DEMO_DIR)/view.html --title "Nested entities predicted by the demo model"
	$(BIN)/python -m locate_label_allennlp.commands.nested_ner_view $(DEMO_DIR)/dev_predictions.jsonl \
		-o $(DEMO_DIR)/dev_view.html --title "Demo model on the fixture dev set: gold against predicted"
	$(BIN)/python -m locate_label_allennlp.commands.nested_ner_card $(DEMO_DIR)/model \
		--dev-metrics $(DEMO_DIR)/dev_metrics.json
	@echo
	@echo "=== Evaluation report ($(DEMO_DIR)/dev_report.txt, plot $(DEMO_DIR)/dev_f1_by_length.png) ==="
	@$(BIN)/python -m locate_label_allennlp.commands.nested_ner_report $(DEMO_DIR)/dev_predictions.jsonl \
		-o $(DEMO_DIR)/dev_report.txt --plot $(DEMO_DIR)/dev_f1_by_length.png
	@echo
	@echo "Open $(DEMO_DIR)/view.html and $(DEMO_DIR)/dev_view.html in a browser to see the nested entities."
	@echo
	@echo "=== Nested entities predicted by the demo model ($(DEMO_DIR)/predictions.jsonl) ==="
	@$(BIN)/python -m locate_label_allennlp.visualization.brackets $(DEMO_DIR)/predictions.jsonl

clean:
	rm -rf $(DEMO_DIR) build *.egg-info

# Benchmarks (benchmarks/benchmark.py): results.json and BENCHMARKS.md, rendered from it.
# `make benchmark-quick` trains and measures the fixture experiment (CI runs it through tests/benchmarks).
# `make benchmark GENIA_DIR=data/genia RUN_DIR=out/genia_cpu` measures the trained GENIA model; optional:
# ABLATIONS="exhaustive=out/genia_cpu_exhaustive/model.tar.gz no_filter=..." and BENCHMARK_ARGS (e.g. --overrides).
BENCHMARK_QUICK_DIR ?= out/benchmark-quick
.PHONY: benchmark benchmark-quick

benchmark-quick: $(STAMP)
	$(BIN)/python benchmarks/benchmark.py --quick --output-dir $(BENCHMARK_QUICK_DIR)

benchmark: $(STAMP)
	@test -n "$(GENIA_DIR)" -a -n "$(RUN_DIR)" || { \
		echo "usage: make benchmark GENIA_DIR=<prepared GENIA> RUN_DIR=<serialization dir> [ABLATIONS='name=archive ...']"; \
		exit 2; }
	$(BIN)/python benchmarks/benchmark.py --archive $(RUN_DIR)/model.tar.gz \
		--test-file $(GENIA_DIR)/test.jsonl --train-file $(GENIA_DIR)/train.jsonl \
		--train-metrics $(RUN_DIR)/metrics.json $(addprefix --ablation ,$(ABLATIONS)) $(BENCHMARK_ARGS)
