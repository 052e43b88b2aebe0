"""Benchmarks, run by ``make bench`` (``python -m bench``), never by ``make test``.

Each ``bench/bench_<area>.py`` module has a ``run() -> list[Metric]``. They run against a
dedicated database (``bench/db.py``) and measure ratios against a baseline in the same run, so
the numbers mean something on any machine.
"""
