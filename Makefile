# The Python that has spaCy: the active virtualenv, else ./.venv or ../venv next to the checkout,
# else python3 on PATH. Override with `make model PYTHON=/path/to/python`.
PYTHON ?= $(firstword $(wildcard $(if $(VIRTUAL_ENV),$(VIRTUAL_ENV)/bin/python) .venv/bin/python ../venv/bin/python) python3)
SHARED ?= ../shared

.PHONY: model model-accurate model-compact int8-ranges
# Train, assemble and install the English spaCy pipeline (src/eventwatch/language/model) from
# the open corpora in $(SHARED)/data/train, then print its test-set figures. See docs/model-card.md.
# Needs `pip install -e '.[build,accurate]'`: the accurate variant's encoder teaches the NER.
model:
	nice -n 5 $(PYTHON) -m training.build_model --shared $(SHARED)

# Fine-tune the accurate variant's NER (src/eventwatch/language/model-accurate) on the same entity
# corpora, then print its UniversalNER figures. Needs `pip install -e '.[accurate]'`.
model-accurate:
	nice -n 5 $(PYTHON) -m training.train_accurate --shared $(SHARED)
	$(MAKE) int8-ranges WEIGHTS=src/eventwatch/language/model-accurate

# The compact variant's NER (src/eventwatch/language/model-compact): the first four encoder layers,
# fine-tuned on the same corpora plus UD EWT train as the accurate variant labels it (distillation;
# builds training/build/corpus/silver.spacy first when missing, which needs model-accurate). One
# torch thread, so a rebuild gives the same weights. Needs `pip install -e '.[accurate]'`.
model-compact:
	OMP_NUM_THREADS=1 nice -n 5 $(PYTHON) -m training.train_accurate --shared $(SHARED) --layers 4 --silver \
		--install src/eventwatch/language/model-compact
	$(MAKE) int8-ranges WEIGHTS=src/eventwatch/language/model-compact

# The int8 variants' activation ranges of the fine-tuned weights in $(WEIGHTS) (int8-ranges.json),
# and GUM dev F1 in float32 and int8. Needs `pip install -e '.[accurate]'`.
int8-ranges:
	OMP_NUM_THREADS=1 $(PYTHON) -m training.calibrate_int8 --shared $(SHARED) --weights $(WEIGHTS)
