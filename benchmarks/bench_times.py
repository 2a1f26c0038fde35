"""Throughput of the time and number taggers on news text, single core.

    python benchmarks/bench_times.py SHARED [--repeat 3]

Text: the sample VOA stories (SHARED/data/corpus/voa/voa_stories.jsonl, fields "text" and
"published"). Measures, in the same run and process, characters per second of
(1) the baseline: one plain regular-expression scan for digits, month and weekday names
    over the same texts (what any date or number finder has to do at the least);
(2) the temporal tagger (`tag_times`: find and resolve, on plain text, no parse);
(3) the quantity and casualty tagger (`find_quantities` + `find_casualties`);
(4) both, as the pipeline runs them,
and prints each one's ratio to the baseline. Each is timed `--repeat` times after one
warm-up pass; the best time counts. The taggers do not use the spaCy parse here, so the
figure is theirs alone (the language stage has its own benchmark).
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
from pathlib import Path

import timing
from timing import best_seconds, voa_stories

from eventwatch.knowledge.lexicons import load_number_lexicon, load_time_lexicon
from eventwatch.mentions.quantities import find_casualties, find_quantities
from eventwatch.mentions.times import tag_times


def read_stories(shared: Path) -> list[tuple[str, dt.date | None]]:
    return [(story["text"], timing.published(story)) for story in voa_stories(shared)]



def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("shared", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    stories = read_stories(args.shared)
    chars = sum(len(text) for text, _ in stories)
    time_lexicon, number_lexicon = load_time_lexicon(), load_number_lexicon()
    names = sorted({*time_lexicon.months, *time_lexicon.weekdays}, key=len, reverse=True)
    baseline = re.compile(r"\b(?:\d[\d,.]*|" + "|".join(n.capitalize() for n in names) + r")\b")

    def scan() -> int:
        return sum(len(baseline.findall(text)) for text, _ in stories)

    def times() -> int:
        return sum(len(tag_times(text, published=published, lexicon=time_lexicon, numbers=number_lexicon))
                   for text, published in stories)

    def quantities() -> int:
        found = 0
        for text, _ in stories:
            counts = find_quantities(text, lexicon=number_lexicon)
            found += len(counts) + len(find_casualties(text, counts, lexicon=number_lexicon)[0])
        return found

    def both() -> int:
        found = 0
        for text, published in stories:
            spans = [(t.start, t.end) for t in tag_times(text, published=published, lexicon=time_lexicon,
                                                         numbers=number_lexicon)]
            counts = find_quantities(text, lexicon=number_lexicon, skip=spans)
            found += len(spans) + len(counts) + len(find_casualties(text, counts, lexicon=number_lexicon)[0])
        return found

    seconds = {name: best_seconds(run, args.repeat) for name, run in
               (("baseline", scan), ("times", times), ("quantities", quantities), ("both", both))}
    rates = {name: chars / s for name, s in seconds.items()}
    print(f"stories={len(stories)} chars={chars:,} times={times()} quantities+casualties={quantities()}")
    for name in seconds:
        print(f"{name:<11} {seconds[name]:.3f} s  {rates[name]:>12,.0f} chars/s  "
              f"ratio to baseline {rates[name] / rates['baseline']:.3f}")
    print(f"bench-times: times_cps={rates['times']:.0f} quantities_cps={rates['quantities']:.0f} "
          f"both_cps={rates['both']:.0f} baseline_cps={rates['baseline']:.0f} "
          f"ratio={rates['both'] / rates['baseline']:.4f} chars={chars}")


if __name__ == "__main__":
    main()
