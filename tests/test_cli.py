"""The `eventwatch` command: extract (single, batch, parallel, bad input), doctor, evaluate, schema."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

import eventwatch.evaluate
from eventwatch import __version__
from eventwatch.cli import app
from eventwatch.record import json_schema

runner = CliRunner()
STORY = ("KYIV, Ukraine — Russian drones struck Dnipro overnight into Tuesday, killing at least 12 civilians, "
         "regional governor Serhiy Lysak said. “We will rebuild,” he told reporters.")
SENTENCES = ["Rebels seized the town of Kyaukme on Sunday.", "Police arrested 40 protesters in Mandalay.",
             "The junta imposed a curfew in the city.", "Troops withdrew from the border on Monday."]


def invoke(*args: str, input: str | None = None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines()]


def write_batch(path: Path, n: int) -> list[str]:
    ids = [f"story-{i:04d}" for i in range(n)]
    with path.open("w", encoding="utf-8") as stream:
        for i, article_id in enumerate(ids):
            stream.write(json.dumps({"id": article_id, "text": SENTENCES[i % len(SENTENCES)]}) + "\n")
    return ids


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0 and result.stdout == f"eventwatch {__version__}\n"


# ---- extract: single articles


def test_one_article_gives_one_pretty_record_that_validates(tmp_path: Path, record_validator) -> None:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    result = invoke("extract", path, "--published", "2023-03-09")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("{\n  \"schema\"")
    record = json.loads(result.stdout)
    record_validator.validate(record)
    assert result.stderr.splitlines() == [f"warning: {path}: {w}" for w in record["warnings"]]
    assert record["article"]["published"] == "2023-03-09" and record["article"]["chars"] == len(STORY)


def test_standard_input_and_jsonl_format_for_one_article(no_stages: Path) -> None:
    result = invoke("extract", "-", "--format", "jsonl", "--config", no_stages, input=STORY)
    assert result.exit_code == 0, result.output
    [record] = jsonl(result.stdout)
    assert record["article"]["chars"] == len(STORY)


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    files = {
        "empty": ("empty.txt", b"", "empty input"),
        "binary": ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary data"),
        "invalid utf-8": ("legacy.txt", b"Troops said " + bytes([0x81, 0x8d, 0x8f, 0x90, 0x9d]) * 30,
                          "undecodable bytes"),
        "no body": ("menu.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
                    "no article body found"),
        "not an object": ("list.json", b"[1, 2]", "expected a JSON object"),
    }
    out = {}
    for case, (name, data, message) in files.items():
        (tmp_path / name).write_bytes(data)
        out[case] = (tmp_path / name, message)
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as stream:
        for _ in range(60):
            stream.write(b"Rebels seized the town. " * (2**20 // 24))
    out["60 MB"] = (huge, "larger than the 10 MiB limit")
    out["missing"] = (tmp_path / "missing.txt", "no such file or directory")
    return out


def test_every_bad_single_article_is_a_one_line_error_and_exit_1(tmp_path: Path, no_stages: Path) -> None:
    for case, (path, message) in _bad_inputs(tmp_path).items():
        result = invoke("extract", path, "--config", no_stages)
        assert result.exit_code == 1, case
        assert result.stdout == "", case
        assert result.stderr.startswith(f"error: {path}: ") and message in result.stderr, (case, result.stderr)
        assert result.stderr.count("\n") == 1, case


def test_a_bad_published_date_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    result = invoke("extract", path, "--published", "09/03/2023")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


# ---- extract: batches


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_batch_of_1000_comes_back_in_input_order(tmp_path: Path, no_stages: Path, workers: str,
                                                   record_validator) -> None:
    path = tmp_path / "batch.jsonl"
    ids = write_batch(path, 1000)
    result = invoke("extract", path, "--config", no_stages, "--workers", workers)
    assert result.exit_code == 0, result.output
    records = jsonl(result.stdout)
    assert [r["article"]["id"] for r in records] == ids
    for record in records:
        record_validator.validate(record)
    assert result.stderr == "eventwatch: 1000 records written, 0 items skipped\n"


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_the_progress_bar_on_a_terminal_leaves_standard_output_to_the_records(tmp_path: Path,
                                                                                no_stages: Path) -> None:
    """A real process whose standard error is a terminal, so the bar is drawn; stdout is a pipe."""
    path = tmp_path / "batch.jsonl"
    ids = write_batch(path, 300)
    leader, follower = os.openpty()
    process = subprocess.Popen([sys.executable, "-m", "eventwatch.cli", "extract", str(path), "--config",
                                str(no_stages)], stdout=subprocess.PIPE, stderr=follower, stdin=subprocess.DEVNULL)
    os.close(follower)
    terminal: list[bytes] = []
    reader = threading.Thread(target=_drain, args=(leader, terminal))
    reader.start()
    stdout, _ = process.communicate(timeout=300)
    reader.join(timeout=10)
    os.close(leader)
    assert process.returncode == 0
    assert [r["article"]["id"] for r in jsonl(stdout.decode())] == ids
    shown = b"".join(terminal).decode(errors="replace")
    assert "300/300" in shown and "300 records written" in shown and "schema" not in shown


def _drain(fd: int, into: list[bytes]) -> None:
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:  # the terminal closed when the process ended
            return
        if not data:
            return
        into.append(data)


def test_a_broken_jsonl_line_is_reported_and_the_good_lines_kept(tmp_path: Path, no_stages: Path) -> None:
    path = tmp_path / "batch.jsonl"
    ids = write_batch(path, 6)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(2, '{"id": "broken", "text": "Rebels')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for workers in ("1", "2"):
        result = invoke("extract", path, "--config", no_stages, "--workers", workers)
        assert result.exit_code == 0, result.output
        assert [r["article"]["id"] for r in jsonl(result.stdout)] == ids
        assert result.stderr.splitlines() == [f"skipped: {path}:3: not valid JSON: Unterminated string starting at: "
                                              "line 1 column 26 (char 25)",
                                              "eventwatch: 6 records written, 1 items skipped"]
    strict = invoke("extract", path, "--config", no_stages, "--strict", "--quiet")
    assert strict.exit_code == 1 and len(jsonl(strict.stdout)) == 6
    assert strict.stderr.startswith("skipped: ") and "records written" not in strict.stderr


def test_each_worker_builds_its_pipeline_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "counting_stage.py").write_text(
        "import os\n\nBUILDS = []\n\n\nclass Stamp:\n    name = 'stamp'\n\n"
        "    def process(self, doc):\n        doc.warn(f'pid {os.getpid()} build {len(BUILDS)}')\n        return doc\n\n\n"
        "def create(*, resources, options):\n    BUILDS.append(1)\n    return Stamp()\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    config = tmp_path / "stamp.yaml"
    config.write_text("stages:\n  - {name: stamp, factory: 'counting_stage:create'}\n", encoding="utf-8")
    path = tmp_path / "batch.jsonl"
    ids = write_batch(path, 200)
    result = invoke("extract", path, "--config", config, "--workers", "2", "--quiet")
    assert result.exit_code == 0, result.output
    records = jsonl(result.stdout)
    assert [r["article"]["id"] for r in records] == ids
    stamps = {r["warnings"][0] for r in records}
    assert {stamp.split(" build ")[1] for stamp in stamps} == {"1"}
    assert len({stamp.split(" build ")[0] for stamp in stamps} - {f"pid {os.getpid()}"}) == len(stamps) <= 2


@pytest.mark.parametrize("workers", ["1", "2"])
def test_an_article_that_breaks_a_stage_is_skipped_alone_from_its_chunk(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch,
                                                                      workers: str) -> None:
    """Articles are extracted in chunks (parsed together); one that makes a stage raise costs only itself."""
    (tmp_path / "fussy_stage.py").write_text(
        "class Fussy:\n    name = 'fussy'\n\n"
        "    def process(self, doc):\n        if 'curfew' in doc.text:\n"
        "            raise ValueError('no curfews here')\n        doc.warn('fine')\n        return doc\n\n"
        "    def process_many(self, docs):\n        return [self.process(doc) for doc in docs]\n\n\n"
        "def create(*, resources, options):\n    return Fussy()\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    config = tmp_path / "fussy.yaml"
    config.write_text("stages:\n  - {name: fussy, factory: 'fussy_stage:create'}\n", encoding="utf-8")
    path = tmp_path / "batch.jsonl"
    ids = write_batch(path, 20)  # every fourth sentence is the curfew one: 5 bad among 20
    result = invoke("extract", path, "--config", config, "--workers", workers)
    assert result.exit_code == 0, result.output
    records = jsonl(result.stdout)
    assert [r["article"]["id"] for r in records] == [i for n, i in enumerate(ids) if n % 4 != 2]
    assert {tuple(r["warnings"]) for r in records} == {("fine",)}
    assert result.stderr.splitlines() == [
        *(f"skipped: {path}:{n + 1}: extraction failed: ValueError: no curfews here" for n in range(2, 20, 4)),
        "eventwatch: 15 records written, 5 items skipped"]


def test_a_directory_mixing_good_and_bad_files_keeps_every_good_item(tmp_path: Path, no_stages: Path) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "1-good.txt").write_text(SENTENCES[0], encoding="utf-8")
    (root / "2-empty.txt").write_text("", encoding="utf-8")
    (root / "3-binary.txt").write_bytes(b"\x00\x01\x02binary")
    (root / "4-good.json").write_text(json.dumps({"id": "j", "text": SENTENCES[1]}), encoding="utf-8")
    (root / "5-menu.html").write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    (root / "6-batch.jsonl").write_text(json.dumps({"id": "l1", "text": SENTENCES[2]}) + "\nnope\n", encoding="utf-8")
    result = invoke("extract", root, "--config", no_stages)
    assert result.exit_code == 0, result.output
    records = jsonl(result.stdout)
    assert [r["article"]["chars"] for r in records] == [len(SENTENCES[0]), len(SENTENCES[1]), len(SENTENCES[2])]
    assert [r["article"]["id"] for r in records][1:] == ["j", "l1"]
    skipped = [line.split(": ")[1] for line in result.stderr.splitlines() if line.startswith("skipped: ")]
    assert skipped == [str(root / "2-empty.txt"), str(root / "3-binary.txt"), str(root / "5-menu.html"),
                       f"{root / '6-batch.jsonl'}:2"]


def test_a_feed_is_a_batch_of_its_entries(tmp_path: Path, no_stages: Path) -> None:
    feed = tmp_path / "wire.atom"
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>'
        + "".join(f'<entry><title>t{i}</title><id>urn:{i}</id><link href="https://example.org/{i}"/>'
                  f"<updated>2024-09-1{i}T10:00:00Z</updated><summary>{s}</summary></entry>"
                  for i, s in enumerate(SENTENCES)) + "</feed>", encoding="utf-8")
    result = invoke("extract", feed, "--config", no_stages, "--quiet")
    assert result.exit_code == 0, result.output
    articles = [r["article"] for r in jsonl(result.stdout)]
    assert [(a["id"], a["url"], a["published"], a["source"]) for a in articles] == [
        (f"urn:{i}", f"https://example.org/{i}", f"2024-09-1{i}", "Wire") for i in range(len(SENTENCES))]


def test_a_batch_with_no_good_item_fails(tmp_path: Path, no_stages: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("nope\n[1]\n", encoding="utf-8")
    result = invoke("extract", path, "--config", no_stages)
    assert result.exit_code == 1 and result.stdout == ""
    assert "0 records written, 2 items skipped" in result.stderr


def test_json_format_on_a_batch_writes_one_json_array(tmp_path: Path, no_stages: Path) -> None:
    path = tmp_path / "batch.jsonl"
    ids = write_batch(path, 3)
    result = invoke("extract", path, "--config", no_stages, "--format", "json", "--quiet")
    assert result.exit_code == 0 and result.stderr == ""
    assert [r["article"]["id"] for r in json.loads(result.stdout)] == ids


def test_the_sample_runs_with_no_download(no_stages: Path, record_validator) -> None:
    result = invoke("extract", "--sample", "--config", no_stages, "--quiet")
    assert result.exit_code == 0, result.output
    records = jsonl(result.stdout)
    assert len(records) == 20
    for record in records:
        record_validator.validate(record)
    assert all(r["article"]["source"] == "Voice of America" for r in records)
    assert all(r["article"]["url"].startswith("https://www.voanews.com/") for r in records)
    assert records[0]["article"]["id"] == "8011115" and records[0]["article"]["published"] == "2025-03-14"


def test_a_custom_stage_from_config_and_a_broken_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module = tmp_path / "my_stages_cli.py"
    module.write_text(
        "class Flag:\n    name = 'flag'\n\n    def process(self, doc):\n"
        "        doc.warn(f'flagged {len(doc.text.split())} words')\n        return doc\n\n\n"
        "def create(*, resources, options):\n    return Flag()\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    config = tmp_path / "custom.yaml"
    config.write_text("stages:\n  - {name: flag, factory: 'my_stages_cli:create'}\n", encoding="utf-8")
    story = tmp_path / "story.txt"
    story.write_text(SENTENCES[0], encoding="utf-8")
    result = invoke("extract", story, "--config", config)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["warnings"] == ["flagged 8 words"]
    assert result.stderr == f"warning: {story}: flagged 8 words\n"
    assert invoke("extract", story, "--config", config, "--quiet").stderr == ""
    broken = tmp_path / "broken.yaml"
    broken.write_text("stages:\n  - {name: x, factory: 'no_such_module_anywhere:create'}\n", encoding="utf-8")
    result = invoke("extract", story, "--config", broken)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"error: cannot build the pipeline from {broken}: ModuleNotFoundError")


def test_the_installed_command_with_the_default_pipeline(tmp_path: Path, record_validator) -> None:
    """A real process: the default pipeline on a handful of articles, records only on stdout."""
    path = tmp_path / "handful.jsonl"
    write_batch(path, 5)
    path.write_text(path.read_text(encoding="utf-8") + json.dumps({"id": "story", "text": STORY}) + "\n",
                    encoding="utf-8")
    command = [sys.executable, "-m", "eventwatch.cli", "extract", str(path), "--published", "2024-10-22"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False,
                         env={**os.environ, "PYTHONHASHSEED": "1"})
    assert run.returncode == 0, run.stderr
    records = jsonl(run.stdout)
    assert [r["article"]["id"] for r in records] == [f"story-{i:04d}" for i in range(5)] + ["story"]
    for record in records:
        record_validator.validate(record)
        assert record["article"]["published"] == "2024-10-22"
    # Two worker processes (and another hash seed) give the same records, byte for byte.
    parallel = subprocess.run([*command, "--workers", "2"], capture_output=True, text=True, timeout=600,
                              check=False, env={**os.environ, "PYTHONHASHSEED": "2"})
    assert parallel.returncode == 0, parallel.stderr
    assert parallel.stdout == run.stdout


# ---- doctor


def test_doctor_on_a_healthy_install() -> None:
    result = invoke("doctor")
    assert result.exit_code == 0, result.output
    assert "All checks passed" in result.stdout and "FAIL" not in result.stdout


def test_doctor_names_a_missing_model_and_the_fix(tmp_path: Path) -> None:
    missing = tmp_path / "no-model"
    result = invoke("doctor", "--model", missing)
    assert result.exit_code == 1
    assert f"FAIL  language model {missing}: missing" in result.stdout
    assert "fix: python -m training.build_model" in result.stdout


def test_doctor_names_a_missing_data_file_of_a_configured_resource(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "my_lexicon.py").write_text(
        "from pathlib import Path\n\n\ndef required_files(*, path):\n    return [Path(path)]\n\n\n"
        "def load(*, path):\n    return Path(path).read_text().split()\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    words = tmp_path / "words.txt"
    words.write_text("seize capture", encoding="utf-8")
    config = tmp_path / "lexicon.yaml"
    config.write_text(f"resources:\n  lexicon: {{loader: 'my_lexicon:load', options: {{path: '{words}'}}}}\n",
                      encoding="utf-8")
    healthy = invoke("doctor", "--config", config)
    assert healthy.exit_code == 0, healthy.output
    assert "ok    resource lexicon (my_lexicon:load): loaded in" in healthy.stdout
    words.unlink()
    broken = invoke("doctor", "--config", config)
    assert broken.exit_code == 1
    assert f"FAIL  resource lexicon: file {words}: missing" in broken.stdout
    assert f"fix: check resource 'lexicon' in {config}" in broken.stdout


def test_doctor_reports_a_resource_that_does_not_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "plain_loader.py").write_text(
        "from pathlib import Path\n\n\ndef load(*, path):\n    return Path(path).read_text()\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    config = tmp_path / "plain.yaml"
    config.write_text(f"resources:\n  gazetteer_extra: {{loader: 'plain_loader:load', options: {{path: "
                      f"'{tmp_path / 'places.tsv'}'}}, fix: 'eventwatch-fetch-places'}}\n", encoding="utf-8")
    result = invoke("doctor", "--config", config)
    assert result.exit_code == 1
    assert "FAIL  resource gazetteer_extra (plain_loader:load): does not load: FileNotFoundError" in result.stdout
    assert "fix: eventwatch-fetch-places" in result.stdout and "1 problem(s) found." in result.stdout


# ---- evaluate and schema

TINY_EVALUATION = '''
from pathlib import Path

from eventwatch.evaluate.base import Report, data_dir, ratio


def run(shared, *, limit=None, corpus="all", lowercase=False):
    lines = data_dir(Path(shared), "tiny", "gold.txt").read_text().split()[:limit]
    lines = [line.lower() for line in lines] if lowercase else lines
    hits = sum(1 for word in lines if word.isupper())
    return Report(name="tiny", columns=["corpus", "items", "upper"], rows=[[corpus, len(lines), hits]],
                  summary={"share": ratio(hits, len(lines))}, n=len(lines))
'''


@pytest.fixture
def tiny_evaluation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An evaluation module found the way the harness finds its own: on the package's path."""
    folder = tmp_path / "evaluations"
    folder.mkdir()
    (folder / "tiny.py").write_text(TINY_EVALUATION, encoding="utf-8")
    monkeypatch.setattr(eventwatch.evaluate, "__path__", [*eventwatch.evaluate.__path__, str(folder)])
    monkeypatch.delitem(sys.modules, "eventwatch.evaluate.tiny", raising=False)
    shared = tmp_path / "shared"
    (shared / "tiny").mkdir(parents=True)
    (shared / "tiny" / "gold.txt").write_text("NATO said ASEAN met in Jakarta", encoding="utf-8")
    yield shared
    sys.modules.pop("eventwatch.evaluate.tiny", None)


def test_evaluate_runs_an_evaluation_and_prints_its_report(tiny_evaluation: Path) -> None:
    assert "tiny" in invoke("evaluate", "--list").stdout.split()
    result = invoke("evaluate", "tiny", "--data", tiny_evaluation, "--limit", "4", "--corpus", "news")
    assert result.exit_code == 0, result.output
    assert [line.rstrip() for line in result.stdout.splitlines()] == ["corpus  items  upper", "------  -----  -----", "news    4      2",
                                          "tiny: share=0.500 n=4"]


def test_evaluate_passes_options_to_the_evaluation(tiny_evaluation: Path) -> None:
    result = invoke("evaluate", "tiny", "--data", tiny_evaluation, "-o", "lowercase=true")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "tiny: share=0.000 n=6"
    wrong = invoke("evaluate", "tiny", "--data", tiny_evaluation, "-o", "split=dev")
    assert wrong.exit_code == 1 and "KEY one of: corpus, lowercase" in wrong.stderr


def test_evaluate_errors(tiny_evaluation: Path, tmp_path: Path) -> None:
    unknown = invoke("evaluate", "nonesuch", "--data", tiny_evaluation)
    assert unknown.exit_code == 1 and "no evaluation named 'nonesuch'" in unknown.stderr
    missing = invoke("evaluate", "tiny", "--data", tmp_path / "elsewhere")
    assert missing.exit_code == 1 and "evaluation data not found" in missing.stderr


def test_schema_prints_the_generated_schema() -> None:
    result = invoke("schema")
    assert result.exit_code == 0 and json.loads(result.stdout) == json_schema()
