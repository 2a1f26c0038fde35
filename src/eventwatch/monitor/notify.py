"""Where alerts go: the console, a JSONL file, a webhook (HTTP POST of the alert as JSON).

A notifier spec in the rules file is `console`, `{jsonl: PATH}` or `{webhook: URL}`
(optionally `{webhook: URL, timeout: 10}`). A failed delivery is reported on standard
error and does not stop the watcher; the alert is still recorded as fired.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TextIO


class Notifier(Protocol):
    def send(self, alert: dict[str, Any]) -> None: ...


def describe(alert: dict[str, Any]) -> str:
    return (f"ALERT {alert['rule']}: {alert['metric']} = {alert['value']:g} over the window "
            f"{alert['window_start']}..{alert['day']}" + (f" (threshold {alert['threshold']:g})"
                                                         if alert.get("threshold") is not None else ""))


@dataclass
class Console:
    stream: TextIO | None = None

    def send(self, alert: dict[str, Any]) -> None:
        print(describe(alert), file=self.stream or sys.stdout, flush=True)


@dataclass
class JsonlFile:
    path: Path

    def send(self, alert: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(alert, ensure_ascii=False, default=str) + "\n")
            out.flush()
            os.fsync(out.fileno())


@dataclass
class Webhook:
    url: str
    timeout: float = 10.0

    def send(self, alert: dict[str, Any]) -> None:
        body = json.dumps(alert, ensure_ascii=False, default=str).encode("utf-8")
        request = urllib.request.Request(self.url, data=body, method="POST",
                                         headers={"Content-Type": "application/json",
                                                  "User-Agent": "eventwatch"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()
        except (urllib.error.URLError, OSError) as error:
            print(f"webhook {self.url}: delivery failed: {error}", file=sys.stderr)


def build(spec: Any, *, base: Path | None = None) -> Notifier:
    """A notifier from its spec; relative JSONL paths are taken from `base` (the rules file's folder)."""
    if spec == "console":
        return Console()
    if isinstance(spec, dict) and "jsonl" in spec:
        path = Path(spec["jsonl"])
        return JsonlFile(path if path.is_absolute() or base is None else base / path)
    if isinstance(spec, dict) and "webhook" in spec:
        return Webhook(str(spec["webhook"]), timeout=float(spec.get("timeout", 10)))
    raise ValueError(f"unknown notifier {spec!r}: use console, {{jsonl: PATH}} or {{webhook: URL}}")
