# Seedarr: `make run` installs what is missing and serves the app; `make test` installs and runs the suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
LOCK := requirements.lock
# gcc, libc6-dev and python3-dev build the optional SHA-1 extension of the torrent engine (setup.py)
APT_PACKAGES := ffmpeg mediainfo qbittorrent-nox postgresql chromium mktorrent python3-venv python3-dev gcc libc6-dev nodejs npm
PYTEST_ARGS ?=
VENDOR := src/seedarr/web/static/vendor/htmx.min.js

.PHONY: help setup setup-test system-packages run test lint bench lock clean

help:
	@echo "make run     install what is missing, then serve Seedarr on http://127.0.0.1:8411"
	@echo "make test    install what is missing (test tools too), then run the whole suite"
	@echo "make lint    ruff + mypy"
	@echo "make bench   the benchmarks under bench/"

system-packages:
	@missing=""; for p in $(APT_PACKAGES); do \
	  case $$p in \
	    nodejs) command -v node >/dev/null 2>&1 && continue ;; \
	    npm) command -v npm >/dev/null 2>&1 && continue ;; \
	    python3-venv) $(PYTHON) -c 'import ensurepip, venv' >/dev/null 2>&1 && continue ;; \
	  esac; \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  sudo=""; [ "$$(id -u)" -ne 0 ] && sudo="sudo"; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

$(VENV)/.stamp-runtime: pyproject.toml setup.py src/seedarr/media/torrent/_sha1ni.c $(LOCK)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PIP) install -q --disable-pip-version-check --upgrade pip
	$(PIP) install -q --disable-pip-version-check -c $(LOCK) -e .
	@touch $@

$(VENV)/.stamp-test: $(VENV)/.stamp-runtime
	$(PIP) install -q --disable-pip-version-check -c $(LOCK) -e '.[test]'
	@touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(VENDOR): node_modules/.package-lock.json scripts/copy-vendor.sh
	scripts/copy-vendor.sh

setup: system-packages $(VENV)/.stamp-runtime $(VENDOR)

setup-test: setup $(VENV)/.stamp-test

run: setup
	$(VENV)/bin/seedarr serve

test: setup-test
	$(VENV)/bin/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: setup-test
	$(VENV)/bin/ruff check src tests bench setup.py
	$(VENV)/bin/ruff format --check src tests bench setup.py
	$(VENV)/bin/mypy

bench: setup-test
	@set -e; for b in bench/*.py; do echo "== $$b"; $(PY) $$b; done

# Refresh the lock from what the venv has (after changing dependencies in pyproject.toml).
lock:
	$(PIP) freeze --exclude-editable --exclude seedarr | LC_ALL=C sort > $(LOCK)

clean:
	rm -rf $(VENV) node_modules src/seedarr/web/static/vendor .pytest_cache .mypy_cache .ruff_cache
