# Two commands on a fresh machine:  `make run` (web chat)  and  `make test` (whole suite).
PY        ?= python3.11
VENV      := .venv
BIN       := $(VENV)/bin
SHARED    := $(abspath ../shared/corpus)
STAMP     := $(VENV)/.installed

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False
export ANONYMIZED_TELEMETRY := False

.PHONY: run test venv ingest bench local-llm clean

$(STAMP): pyproject.toml
	@command -v $(PY) >/dev/null 2>&1 || { echo "error: $(PY) not found; install Python 3.11"; exit 1; }
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $(STAMP)

venv: $(STAMP)

# Fetch the official texts on first start (mirror ../shared/corpus where it exists, else the
# official URLs), build or update the index, then serve the web chat on 127.0.0.1:7860.
run: $(STAMP)
	@if [ -z "$$DDA_DOCUMENTS_DIR" ] && [ -d "$(SHARED)" ]; then export DDA_MIRROR_DIR="$(SHARED)"; fi; \
	 $(BIN)/ddassist corpus fetch $${DDA_MIRROR_DIR:+--from "$$DDA_MIRROR_DIR"} || echo "note: some official texts are missing; the chat starts on what is present (see 'ddassist sources')."; \
	 $(BIN)/ddassist ingest && $(BIN)/ddassist serve

# The whole test suite against the real embedding model and ../shared/corpus.
test: $(STAMP)
	DDA_DOCUMENTS_DIR="$${DDA_DOCUMENTS_DIR:-$(SHARED)}" $(BIN)/python -m pytest -q -rs -p no:cacheprovider

ingest: $(STAMP)
	$(BIN)/ddassist ingest

bench: $(STAMP)
	DDA_DOCUMENTS_DIR="$${DDA_DOCUMENTS_DIR:-$(SHARED)}" $(BIN)/python bench/run.py

local-llm: $(STAMP)  ## build llama-cpp-python into .venv and assemble the local Qwen2.5-Coder-1.5B GGUF (idempotent)
	bash scripts/local_llm.sh

clean:
	rm -rf .index .data runs
