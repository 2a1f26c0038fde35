"""Escalation detection on a regular series (docs/monitoring.md).

Two documented detectors, both judged against a rolling baseline of the preceding periods
only (the current period never dilutes its own baseline):

- `zscore`: z = (x - mean) / sd over the previous `baseline` periods; alarm when
  z >= `z` and x >= `min_value`. The spread is floored at sqrt(mean) (a Poisson count's
  spread) and at `min_sd`, so a perfectly calm baseline (sd 0) does not turn one extra
  event into an infinite z-score.
- `cusum`: one-sided CUSUM of standardised excesses, S = max(0, S + z - k); alarm when
  S >= h, after which S restarts at 0. Slower to fire on a single spike, quicker on a
  sustained drift.

No alarm is raised before `min_baseline` periods of history exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Detector:
    method: Literal["zscore", "cusum"] = "zscore"
    baseline: int = 28
    min_baseline: int = 14
    z: float = 3.0
    min_value: float = 1.0
    min_sd: float = 1.0
    k: float = 0.5
    h: float = 5.0

    def run(self, values: pd.Series) -> pd.DataFrame:
        """Per period: value, baseline mean and sd, score (z or CUSUM) and alarm."""
        if self.method not in ("zscore", "cusum"):
            raise ValueError(f"unknown escalation method {self.method!r} (zscore or cusum)")
        x = values.astype(float)
        past = x.shift(1).rolling(self.baseline, min_periods=self.min_baseline)
        mean = past.mean()
        sd = np.maximum(np.maximum(past.std(ddof=0).fillna(0.0), np.sqrt(mean.clip(lower=0))), self.min_sd)
        z = (x - mean) / sd
        if self.method == "zscore":
            score = z
            alarm = (z >= self.z) & (x >= self.min_value)
        else:
            s, scores, alarms = 0.0, [], []
            for zi, xi in zip(z, x, strict=True):
                if np.isnan(zi):
                    scores.append(np.nan)
                    alarms.append(False)
                    continue
                s = max(0.0, s + zi - self.k)
                fired = s >= self.h and xi >= self.min_value
                scores.append(s)
                alarms.append(fired)
                if fired:
                    s = 0.0
            score = pd.Series(scores, index=x.index)
            alarm = pd.Series(alarms, index=x.index)
        return pd.DataFrame({"value": x, "mean": mean, "sd": sd, "score": score,
                             "alarm": alarm.fillna(False).astype(bool)})
