PYTHON ?= python3
SHARED ?= ../shared

.PHONY: model
# Train, assemble and install the English spaCy pipeline (src/eventwatch/language/model) from
# the open corpora in $(SHARED)/data/train, then print its test-set figures. See docs/model-card.md.
model:
	nice -n 5 $(PYTHON) -m training.build_model --shared $(SHARED)
