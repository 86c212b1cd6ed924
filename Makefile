# Deux commandes suffisent : `make report` et `make test` (voir README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
EDITION ?= 2023
DATA   ?= data/synthetic
BUILD  ?= build
JOBS   ?= 2

.PHONY: report test install synth bench clean check-text browser-deps lock

# Every dependency, transitive ones included, is pinned with its hashes in requirements.lock
# (generated from pyproject.toml, the one list, by `make lock`): the same environment a year later.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# Refresh the lock file after a change of pyproject.toml (uv, in a throwaway environment;
# the lock covers Linux, macOS and Windows, Python 3.11 to 3.13).
LOCK_TOOLS := .lock-tools
lock:
	$(PYTHON) -m venv $(LOCK_TOOLS)
	$(LOCK_TOOLS)/bin/python -m pip install --quiet uv
	$(LOCK_TOOLS)/bin/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
		--generate-hashes --no-header --quiet -o requirements.lock
	rm -rf $(LOCK_TOOLS)

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

# Browser tests (tests/test_browser.py) drive the system's Chromium with Playwright (never a
# downloaded browser): Debian's `chromium` package is installed when it is missing and we can
# (root, apt-get); otherwise those tests are skipped, and said so.
CHROMIUM := /usr/bin/chromium
browser-deps:
	@if [ -x "$(CHROMIUM)" ]; then \
		:; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installation de Chromium (paquet Debian chromium) pour les tests dans un navigateur…"; \
		{ DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
		echo "Échec de l'installation de Chromium : les tests dans un navigateur seront ignorés."; \
	else \
		echo "Chromium absent ($(CHROMIUM)) et pas d'installation possible (il faut root et apt-get) :" \
		     "les tests dans un navigateur seront ignorés."; \
	fi

test: $(STAMP) browser-deps
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/chiffres-cles bench

clean:
	rm -rf $(BUILD)
