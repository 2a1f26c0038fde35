"""What every evaluation returns, and helpers they share.

An evaluation is a module in this package with a `run(shared, *, limit=None, ...)` function
that returns a `Report`. `eventwatch evaluate NAME --data SHARED` finds the module by name,
runs it and prints the report: a table, then one summary line
`NAME: metric=0.123 ... n=N`, the same shape as the reference scorers in
`shared/scorers`, whose metric definitions the evaluations reimplement (the project never
imports them).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwatch.document import ArticleText
from eventwatch.record import Record


@dataclass
class Report:
    name: str
    columns: list[str]
    rows: list[list[Any]]
    summary: dict[str, Any]
    n: int
    notes: list[str] = field(default_factory=list)

    def summary_line(self) -> str:
        parts = [f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in self.summary.items()]
        return f"{self.name}: {' '.join(parts)} n={self.n}"

    def render(self) -> str:
        """A plain-text table, the notes, then the summary line."""
        cells = [[format_cell(v) for v in row] for row in self.rows]
        widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(self.columns)]
        lines = ["  ".join(c.ljust(w) for c, w in zip(self.columns, widths, strict=True))]
        lines.append("  ".join("-" * w for w in widths))
        lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
        return "\n".join(lines + self.notes + [self.summary_line()])


def format_cell(value: Any) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def ratio(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def data_dir(shared: Path, *parts: str) -> Path:
    """SHARED/<parts...>, or a clear error naming it when it is missing."""
    path = Path(shared).joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"{path}: evaluation data not found (is --data the shared folder?)")
    return path


def extract_all(articles: Iterable[ArticleText], *, pipeline: Any = None) -> Iterator[tuple[ArticleText, Record]]:
    """Run the pipeline (default: the package's) over articles, yielding (article, record)."""
    if pipeline is None:
        from eventwatch.pipeline import Pipeline

        pipeline = Pipeline.from_config()
    for article in articles:
        yield article, pipeline.run(article)
