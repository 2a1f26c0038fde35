"""Building the pipeline from configuration: merging, user YAML, order, resources, custom stages."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from eventwatch.document import ArticleText
from eventwatch.pipeline import ConfigError, Pipeline, Resources, load_config, merge

DOCUMENTED_ORDER = ["language", "times", "quantities", "places", "actors", "quotes", "events"]

# A user's own stages and resource, as someone extending eventwatch would write them.
USER_MODULE = '''
LOADS = []


def load_watchlist(*, names):
    LOADS.append(names)
    return {name.lower() for name in names}


def load_broken():
    raise RuntimeError("this resource must never be loaded")


class Tracer:
    def __init__(self, *, name, watchlist=None, note=""):
        self.name = name
        self.watchlist = watchlist
        self.note = note

    def process(self, doc):
        doc.extras.setdefault("trace", []).append(self.name)
        if self.watchlist is not None:
            for word in doc.text.lower().split():
                if word.strip(".,") in self.watchlist:
                    doc.warn(f"{self.name}{self.note}: watched word {word.strip('.,')!r}")
        return doc


def create(*, resources, options):
    watchlist = resources.get("watchlist") if options.get("watch") else None
    return Tracer(name=options["name"], watchlist=watchlist, note=options.get("note", ""))
'''


@pytest.fixture
def user_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    name = f"user_stages_{tmp_path.name.replace('-', '_')}"
    (tmp_path / f"{name}.py").write_text(USER_MODULE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield name
    sys.modules.pop(name, None)


def write_config(tmp_path: Path, module: str, stage_names: list[str], extra: str = "") -> Path:
    stages = "\n".join(f"  - {{name: {n}, factory: '{module}:create', options: {{name: {n}, watch: true}}}}"
                       for n in stage_names)
    path = tmp_path / "user.yaml"
    path.write_text(
        "resources:\n"
        f"  watchlist: {{loader: '{module}:load_watchlist', options: {{names: [Kyaukme, Mandalay]}}}}\n"
        f"  never: {{loader: '{module}:load_broken'}}\n"
        f"stages:\n{stages}\n{extra}", encoding="utf-8")
    return path


def test_merge_merges_mappings_and_replaces_lists_without_touching_the_base() -> None:
    base = {"resources": {"nlp": {"loader": "a:b", "options": {"path": "x", "batch": 8}}}, "stages": [1, 2, 3]}
    merged = merge(base, {"resources": {"nlp": {"options": {"batch": 32}}}, "stages": [3]})
    assert merged == {"resources": {"nlp": {"loader": "a:b", "options": {"path": "x", "batch": 32}}}, "stages": [3]}
    assert base["resources"]["nlp"]["options"]["batch"] == 8 and base["stages"] == [1, 2, 3]


def test_user_yaml_is_merged_into_the_package_defaults(tmp_path: Path) -> None:
    defaults = load_config()
    user = tmp_path / "user.yaml"
    user.write_text("stage_options:\n  places: {min_population: 5000}\n", encoding="utf-8")
    config = load_config(user)
    assert config["stage_options"]["places"] == {"min_population": 5000}
    assert config["stages"] == defaults["stages"] and config["resources"] == defaults["resources"]


def test_a_user_yaml_that_is_not_a_mapping_is_a_config_error(tmp_path: Path) -> None:
    user = tmp_path / "user.yaml"
    user.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="must be a mapping"):
        load_config(user)


def test_the_default_stages_follow_the_documented_order() -> None:
    names = [stage["name"] for stage in load_config()["stages"] or []]
    assert all(name in DOCUMENTED_ORDER for name in names), names
    assert names == sorted(names, key=DOCUMENTED_ORDER.index)


def test_stages_run_in_config_order_with_their_options(tmp_path: Path, user_module: str) -> None:
    extra = "stage_options:\n  second: {note: ' (tuned)'}\n"
    pipeline = Pipeline.from_config(write_config(tmp_path, user_module, ["first", "second", "third"], extra))
    assert pipeline.stage_names == ["first", "second", "third"]
    doc = pipeline.process(pipeline_document("Rebels seized Kyaukme on Sunday."))
    assert doc.extras["trace"] == ["first", "second", "third"]
    assert doc.warnings == ["first: watched word 'kyaukme'", "second (tuned): watched word 'kyaukme'",
                            "third: watched word 'kyaukme'"]


def test_resources_are_loaded_once_lazily_and_shared(tmp_path: Path, user_module: str) -> None:
    pipeline = Pipeline.from_config(write_config(tmp_path, user_module, ["first", "second"]))
    module = sys.modules[user_module]
    assert module.LOADS == [["Kyaukme", "Mandalay"]]  # one load for two stages; 'never' not loaded
    first, second = pipeline.stages
    assert first.watchlist is second.watchlist
    pipeline.extract("Troops entered Mandalay.")
    assert len(module.LOADS) == 1


def test_a_second_pipeline_has_its_own_resources(tmp_path: Path, user_module: str) -> None:
    config = write_config(tmp_path, user_module, ["only"])
    one, two = Pipeline.from_config(config), Pipeline.from_config(config)
    assert one.stages[0].watchlist is not two.stages[0].watchlist


def test_an_unknown_resource_or_factory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no resource named 'gazetteer'"):
        Resources({}).get("gazetteer")
    with pytest.raises(ConfigError, match="expected 'module:name'"):
        Pipeline.from_config(config={"stages": [{"name": "x", "factory": "no_colon_here"}]})


def test_a_custom_stage_from_user_yaml_changes_the_record(tmp_path: Path, user_module: str,
                                                           record_validator) -> None:
    pipeline = Pipeline.from_config(write_config(tmp_path, user_module, ["watch"]))
    record = pipeline.extract("Soldiers arrested 40 people in Mandalay on Monday.", published="2024-09-16")
    data = record.to_dict()
    record_validator.validate(data)
    assert data["warnings"] == ["watch: watched word 'mandalay'"]
    assert data["article"]["published"] == "2024-09-16"


def pipeline_document(text: str):
    from eventwatch.document import Document

    return Document(article=ArticleText(text=text))


# ---- batches: stage by stage, in input order, one bad article costs only itself

BATCH_MODULE = '''
class Batcher:
    """Works on many documents at once when it can; a batch holding an unreadable text fails whole."""

    name = "batcher"

    def __init__(self):
        self.calls = []

    def process(self, doc):
        self.calls.append("one")
        check(doc)
        doc.extras.setdefault("trace", []).append("batcher:one")
        return doc

    def process_many(self, docs):
        self.calls.append(f"many:{len(docs)}")
        for doc in docs:
            check(doc)
        for doc in docs:
            doc.extras.setdefault("trace", []).append("batcher:many")
        return docs


class Counter:
    """A plain stage: counts the words of each document."""

    name = "counter"

    def process(self, doc):
        doc.warn(f"{len(doc.text.split())} words")
        return doc


def check(doc):
    if "\\x00" in doc.text:
        raise ValueError("a NUL byte in the text")


def create_batcher(*, resources, options):
    return Batcher()


def create_counter(*, resources, options):
    return Counter()
'''


@pytest.fixture
def batch_pipeline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Pipeline:
    name = f"batch_stages_{tmp_path.name.replace('-', '_')}"
    (tmp_path / f"{name}.py").write_text(BATCH_MODULE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield Pipeline.from_config(config={"stages": [
        {"name": "batcher", "factory": f"{name}:create_batcher"},
        {"name": "counter", "factory": f"{name}:create_counter"}]})
    sys.modules.pop(name, None)


def articles(*texts: str) -> list[ArticleText]:
    return [ArticleText(text=text, id=f"a{i}") for i, text in enumerate(texts)]


def test_a_batch_runs_stage_by_stage_and_keeps_input_order(batch_pipeline: Pipeline) -> None:
    outcomes = batch_pipeline.run_batch(articles("Rebels seized Kyaukme.", "Police arrested 40 people.",
                                                 "Troops withdrew on Monday from the border."))
    assert [record.article.id for record in outcomes] == ["a0", "a1", "a2"]
    assert [record.warnings for record in outcomes] == [["3 words"], ["4 words"], ["7 words"]]
    assert batch_pipeline.stages[0].calls == ["many:3"]


def test_a_failing_batch_is_redone_one_by_one_and_only_the_bad_article_is_lost(batch_pipeline: Pipeline) -> None:
    outcomes = batch_pipeline.run_batch(articles("Rebels seized Kyaukme.", "Garbled \x00 input.",
                                                 "Police arrested 40 people."))
    assert [type(outcome).__name__ for outcome in outcomes] == ["Record", "ValueError", "Record"]
    assert str(outcomes[1]) == "a NUL byte in the text"
    assert [outcomes[0].warnings, outcomes[2].warnings] == [["3 words"], ["4 words"]]
    assert batch_pipeline.stages[0].calls == ["many:3", "one", "one", "one"]


def test_process_many_passes_only_good_documents_on(batch_pipeline: Pipeline) -> None:
    from eventwatch.document import Document

    docs = [Document(article=article) for article in articles("Garbled \x00 input.", "Rebels seized Kyaukme.")]
    first, second = batch_pipeline.process_many(docs)
    assert isinstance(first, ValueError) and first.__traceback__ is not None
    assert second is docs[1] and second.extras["trace"] == ["batcher:one"] and second.warnings == ["3 words"]


def test_run_many_yields_records_in_order_and_raises_the_first_failure(batch_pipeline: Pipeline) -> None:
    texts = [f"Story number {i} ends here." for i in range(5)]
    assert [r.article.id for r in batch_pipeline.run_many(articles(*texts), batch_size=2)] == [
        "a0", "a1", "a2", "a3", "a4"]
    assert batch_pipeline.stages[0].calls == ["many:2", "many:2", "one"]  # a batch of one goes one by one
    with pytest.raises(ValueError, match="NUL byte"):
        list(batch_pipeline.run_many(articles("Fine.", "Garbled \x00 input."), batch_size=2))


STORIES = [
    "KYIV, Ukraine — Russian drones struck Dnipro overnight into Tuesday, killing at least 12 civilians, "
    "regional governor Serhiy Lysak said. “We will rebuild,” he told reporters.",
    "Die Regierung hat am Montag neue Sanktionen gegen das Land beschlossen, wie ein Sprecher in Berlin "
    "mitteilte. Die Maßnahmen sollen ab der kommenden Woche gelten und betreffen vor allem den Handel.",
    "Police arrested 40 protesters in Mandalay on Sunday, witnesses said.",
    "",
    "Rebels seized the town of Kyaukme.",
]


def test_the_default_pipeline_gives_a_batch_the_records_it_gives_one_by_one() -> None:
    """The language stage parses a batch with nlp.pipe; every record is the one `run` gives."""
    pipeline = Pipeline.from_config()
    batch = [ArticleText(text=text, id=f"s{i}", published=None) for i, text in enumerate(STORIES)]
    one_by_one = [pipeline.run(article).to_dict() for article in batch]
    together = [record.to_dict() for record in pipeline.run_batch(batch)]
    assert together == one_by_one
    assert [record["article"]["language"] for record in together] == ["en", "und", "en", "en", "en"]
    assert together[0]["events"] and together[0]["quotes"]
