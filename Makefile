# Deux commandes suffisent : `make report` et `make test` (voir README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
EDITION ?= 2023
DATA   ?= data/synthetic
BUILD  ?= build
JOBS   ?= 2

.PHONY: report test install synth bench clean check-text

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

$(DATA)/auditeurs.parquet: | $(STAMP)
	$(BIN)/chiffres-cles synth --out $(DATA)

synth: $(STAMP)
	$(BIN)/chiffres-cles synth --out $(DATA)

report: $(STAMP)
	@if [ "$(DATA)" = "data/synthetic" ] && [ ! -e "$(DATA)/auditeurs.parquet" ]; then \
		$(BIN)/chiffres-cles synth --out $(DATA); fi
	$(BIN)/chiffres-cles build --edition $(EDITION) --data $(DATA) --build-dir $(BUILD) --jobs $(JOBS)

# Aperçu des textes (préface, concepts) en quelques secondes, sans exécuter les sections :
# $(BUILD)/cc$(EDITION)/textes/preface.md, concepts.md et leurs pages .html
check-text: $(STAMP)
	$(BIN)/chiffres-cles textes --edition $(EDITION) --build-dir $(BUILD)

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/chiffres-cles bench

clean:
	rm -rf $(BUILD)
