"""CSV, JSONL and Parquet: the flat events or incidents table.

CSV joins list columns (contexts, sectors) with ';' so every cell is a scalar; JSONL and
Parquet keep them as lists. Dates are ISO `YYYY-MM-DD`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

import pandas as pd

from eventwatch.export.base import json_line, records


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if out[column].map(lambda v: isinstance(v, list | tuple) or hasattr(v, "tolist")).any():
            out[column] = out[column].map(lambda v: ";".join(map(str, list(v))) if v is not None else "")
    return out


def write_csv(frame: pd.DataFrame, out: TextIO) -> int:
    _flat(frame).to_csv(out, index=False, date_format="%Y-%m-%d")
    return len(frame)


def write_jsonl(frame: pd.DataFrame, out: TextIO) -> int:
    for row in records(frame):
        out.write(json_line(row))
    return len(frame)


def write_parquet(frame: pd.DataFrame, path: Path) -> int:
    frame.to_parquet(path, index=False)
    return len(frame)
