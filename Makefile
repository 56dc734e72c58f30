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
	@echo
	@echo "=== Nested entities predicted by the demo model ($(DEMO_DIR)/predictions.jsonl) ==="
	@$(BIN)/python -m locate_label_allennlp.visualization.brackets $(DEMO_DIR)/predictions.jsonl

clean:
	rm -rf $(DEMO_DIR) build *.egg-info
