"""Monitoring: series, escalation detection, alert rules, notifiers and the watch loop.

    series.py      counts, intensity and casualties per day or week (docs/monitoring.md)
    escalation.py  rolling-baseline z-score and CUSUM detectors
    rules.py       alert rules from YAML, fired once per episode
    notify.py      console, JSONL file, webhook
    watch.py       poll folders, ingest what appears, evaluate the rules
"""
