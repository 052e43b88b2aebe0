"""The public portal under a news spike: cached pages against Wagtail's own page serving.

The bench database gets the portal's skeleton and a few hundred news items (the demo loader's
content when it is registered, else generated pages). Then, in one run, ``chancery serve`` (the
production server and configuration) is started three times on a loopback port:

(a) with the full-page cache off: every request is served by Wagtail (the baseline);
(b) with the cache in files under a temporary folder (the embedded default);
(c) with the cache in Redis (``CHANCERY_CACHE_URL``, default ``redis://127.0.0.1:6379/15``),
    skipped when no Redis answers.

wrk drives each with 100 connections for BENCH_PORTAL_SECONDS (default 15) per target: the
Vietnamese home page and a news article. Reported: requests/s, p50/p99 latency, and the cached
throughput as a ratio to the uncached one. Targets of the issue: ratio >= 20, cached p99 < 50 ms.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import sys
import tempfile
import urllib.request
from typing import Any

from bench.bench_web import _check, _free_port, _server, _wrk

Metric = dict[str, Any]

CONNECTIONS = 100
DURATION = int(os.environ.get("BENCH_PORTAL_SECONDS", "15"))
REDIS_URL = os.environ.get("CHANCERY_BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
NEWS = int(os.environ.get("BENCH_PORTAL_NEWS", "300"))


def _content() -> tuple[str, str]:
    """The portal's skeleton and ``NEWS`` published news items; the home and one article path."""
    from django.utils import timezone

    from chancery.portal import models as m
    from chancery.portal.site import ensure_site, section

    home = ensure_site()
    index = section(m.NewsIndexPage)
    existing = m.NewsPage.objects.child_of(index).count()
    for n in range(existing, NEWS):
        page = m.NewsPage(
            title=f"Thông cáo báo chí số {n}: Việt Nam và các đối tác tăng cường hợp tác",
            slug=f"bench-news-{n}",
            summary="Bộ Ngoại giao thông báo về các hoạt động đối ngoại trong tuần.",
            date=timezone.now(),
            body=[
                ("paragraph", "<p>" + "Nội dung bài viết về hoạt động đối ngoại. " * 40 + "</p>")
            ],
        )
        index.add_child(instance=page)
        page.save_revision().publish()
    article = m.NewsPage.objects.child_of(index).live().order_by("-first_published_at").first()
    assert article is not None
    return home.url, article.url


def _redis_answers() -> bool:
    from urllib.parse import urlsplit

    parts = urlsplit(REDIS_URL)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), 1):
            return True
    except OSError:
        return False


def _modes(cache_dir: str) -> list[tuple[str, dict[str, str]]]:
    modes = [
        ("uncached (Wagtail)", {"CHANCERY_BENCH_PORTAL_CACHE": "off"}),
        (
            "cached, files",
            {"CHANCERY_BENCH_PORTAL_CACHE": "files", "CHANCERY_BENCH_CACHE_DIR": cache_dir},
        ),
    ]
    if _redis_answers():
        modes.append(
            (
                "cached, Redis",
                {"CHANCERY_BENCH_PORTAL_CACHE": "redis", "CHANCERY_CACHE_URL": REDIS_URL},
            )
        )
    else:
        print(f"bench_portal: no Redis at {REDIS_URL}, Redis mode skipped", file=sys.stderr)
    return modes


def _answers(port: int) -> dict[str, float]:
    """``chancery_portal_cache_answers_total`` by ``by`` and ``outcome``, from ``/metrics``
    (nothing when the server does not show its metrics: the run is measured all the same)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
            text = response.read().decode()
    except OSError as error:
        print(f"bench_portal: /metrics unreadable ({error}); no front share", file=sys.stderr)
        return {}
    found: dict[str, float] = {}
    for line in text.splitlines():
        match = re.match(
            r'chancery_portal_cache_answers_total\{by="(\w+)",outcome="(\w+)"\} (\S+)', line
        )
        if match:
            found[f"{match[1]} {match[2]}"] = float(match[3])
    return found


def _measure(port: int, env: dict[str, str], targets: list[tuple[str, str]]) -> dict[str, Any]:
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        results: dict[str, dict[str, Any]] = {}
        with _server(port):
            for label, path in targets:
                url = f"http://127.0.0.1:{port}{path}"
                _check(url, {}, b"<main")
                _check(url, {}, b"<main")  # the second request is served from the cache
                before = _answers(port)
                results[label] = _wrk(url, {}, connections=CONNECTIONS, duration=DURATION)
                after = _answers(port)
                results[label]["answers"] = {k: after.get(k, 0) - before.get(k, 0) for k in after}
        return results
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run() -> list[Metric]:
    if shutil.which("wrk") is None:
        print("bench_portal skipped: wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return []
    home, article = _content()
    targets = [("home page", home), ("news article", article)]
    port = _free_port()
    note = f"{CONNECTIONS} connections, {DURATION}s"
    metrics: list[Metric] = []
    with tempfile.TemporaryDirectory(prefix="chancery-bench-cache-") as cache_dir:
        measured = {mode: _measure(port, env, targets) for mode, env in _modes(cache_dir)}
    baseline = measured["uncached (Wagtail)"]
    for mode, results in measured.items():
        for label, result in results.items():
            name = f"{label}, {mode}"
            metrics += [
                {
                    "name": f"{name}: requests/s",
                    "value": result["rps"],
                    "unit": "req/s",
                    "note": note,
                },
                {"name": f"{name}: p50 latency", "value": result["p50_ms"], "unit": "ms"},
                {
                    "name": f"{name}: p99 latency",
                    "value": result["p99_ms"],
                    "unit": "ms",
                    "note": "target < 50 ms when cached" if mode != "uncached (Wagtail)" else "",
                },
            ]
            answers = result.get("answers", {})
            if results is not baseline and answers:
                metrics.append(
                    {
                        "name": f"{name}: answered by the front",
                        "value": 100 * answers.get("front hit", 0) / max(sum(answers.values()), 1),
                        "unit": "%",
                        "note": ", ".join(f"{k}: {v:,.0f}" for k, v in sorted(answers.items())),
                    }
                )
            if results is not baseline:
                metrics.append(
                    {
                        "name": f"{name}: throughput / uncached",
                        "value": result["rps"] / baseline[label]["rps"],
                        "unit": "ratio",
                        "note": "target >= 20",
                    }
                )
    return metrics
