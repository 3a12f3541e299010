# The one place that knows how to install and run vaelab.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Stamp file: reinstall only when the project's metadata changes.
STAMP := $(VENV)/.installed

export TF_CPP_MIN_LOG_LEVEL := 3
export TF_ENABLE_ONEDNN_OPTS := 0
export PATH := $(abspath $(BIN)):$(PATH)

# One pytest worker per core of a 2-core CI machine: a test file runs whole on one worker (its module
# fixtures train once), and nbgrader's serial runs leave the other core to the next file. tests/conftest.py
# refines loadfile (tests/scheduling.py): a week of a week-parametrized file is a unit, heaviest first.
TEST_WORKERS ?= 2

# Debian packages the real-tool tests drive: a PostgreSQL server (`vaelab grade --db postgresql://`),
# Chromium and its driver (formgrader, report.html and feedback pages in a browser). Installed when
# missing, as root; otherwise make says which to install.
TEST_DEBS := postgresql chromium chromium-driver

.PHONY: demo test test-tools lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]' 2>&1 \
		| grep -v "is ignored: it is neither a file nor a directory" || true
	$(BIN)/python -c "import autograder, reference, tensorflow, keras, nbgrader"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/vaelab demo --out demo-out

test: $(STAMP) test-tools
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --durations=15 $(PYTEST_ARGS)

test-tools:
	@missing="$$(for deb in $(TEST_DEBS); do dpkg-query -W -f='$${Status}\n' $$deb 2>/dev/null \
		| grep -q 'install ok installed' || echo $$deb; done | xargs)"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" != 0 ]; then echo "make test needs: sudo apt-get install $$missing" >&2; exit 1; fi; \
		echo "installing $$missing (Debian packages the tests use)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			$$missing >/dev/null; \
	fi

bench: $(STAMP)
	$(BIN)/python benchmarks/reference_quality.py

clean:
	rm -rf $(VENV) build *.egg-info
