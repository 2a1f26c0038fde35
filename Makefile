# The Python that has spaCy: the active virtualenv, else ./.venv or ../venv next to the checkout,
# else python3 on PATH. Override with `make model PYTHON=/path/to/python`.
PYTHON ?= $(firstword $(wildcard $(if $(VIRTUAL_ENV),$(VIRTUAL_ENV)/bin/python) .venv/bin/python ../venv/bin/python) python3)
SHARED ?= ../shared

.PHONY: model
# Train, assemble and install the English spaCy pipeline (src/eventwatch/language/model) from
# the open corpora in $(SHARED)/data/train, then print its test-set figures. See docs/model-card.md.
model:
	nice -n 5 $(PYTHON) -m training.build_model --shared $(SHARED)
