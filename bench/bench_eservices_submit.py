"""200 concurrent applicants filing dossiers with two attachments each (issue 7).

``chancery serve`` (gunicorn, the production server; ``bench_web`` starts it) runs on a free
loopback port against the benchmark database with core's demo organisation and one published
procedure offered online at the Consular Department. ``APPLICANTS`` (200) applicants, each
with a signed-in session (a session row written directly, as the sign-in page writes it), work
at the same time, each in its own thread: they start within ``RAMP`` (30) seconds of each
other, then

1. choose where and how to apply (``POST /services/apply/<slug>/``: creates the draft),
2. send the form's answers with two PDF attachments (``POST …/draft/``, multipart),
3. submit with an idempotency key (``POST …/submit/``),

pausing ``THINK`` (5 to 15) seconds, uniformly drawn, between steps: a person reads the next
page and picks the files (still far quicker than anyone fills a real form). Between steps
each client also fetches a static file (served by WhiteNoise, as every page's stylesheet is):
that is the baseline, measured by the same clients under the same load in the same run.
Every answer must be the expected redirect; afterwards the database must hold exactly one
submitted dossier per applicant with two files each. Reported: errors, p50/p95 of
the submission requests, p95 of the static page, their ratio, and dossiers per second.
Target: zero errors and p95 under 500 ms.

``CHANCERY_BENCH_RAMP=10 CHANCERY_BENCH_THINK=1,3`` turns it into a stress test that finds the
server's capacity: on the 2-core machine of issue 7 about 12 dossiers per second, beyond which
every request, the static file included, waits in the server's queue.

``CHANCERY_BENCH_APPLICANTS``, ``…_RAMP`` and ``…_THINK`` (``low,high`` seconds) change the
load; ``CHANCERY_WEB_WORKERS``/``CHANCERY_WEB_THREADS`` the server's size (default here 3×8).
"""

from __future__ import annotations

import io
import os
import random
import secrets
import statistics
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from bench.bench_web import _free_port, _NoRedirect, _server

Metric = dict[str, Any]

APPLICANTS = int(os.environ.get("CHANCERY_BENCH_APPLICANTS", "200"))
RAMP = float(os.environ.get("CHANCERY_BENCH_RAMP", "30"))
THINK = tuple(float(x) for x in os.environ.get("CHANCERY_BENCH_THINK", "5,15").split(","))
STATIC = "/static/core/favicon.svg"
# Flows run one after the other before the measured run: every worker loads its templates.
WARMUP = 6


@dataclass
class Client:
    """One applicant's browser: its cookies and what it measured."""

    base: str
    session_key: str
    csrf: str = field(default_factory=lambda: secrets.token_hex(16))
    timings: list[float] = field(default_factory=list)
    steps: dict[str, list[float]] = field(default_factory=dict)
    static: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def _send(self, path: str, body: bytes | None, content_type: str = "") -> tuple[int, str]:
        headers = {
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={self.session_key}; "
            f"{settings.CSRF_COOKIE_NAME}={self.csrf}",
        }
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=60) as response:
                response.read()
                return response.status, ""
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", "")

    def post(self, path: str, fields: dict[str, str], files: dict[str, bytes] | None = None) -> str:
        """POST a multipart form; return the redirect target (an error is recorded if none)."""
        boundary = uuid.uuid4().hex
        out = io.BytesIO()
        for name, value in {**fields, "csrfmiddlewaretoken": self.csrf}.items():
            out.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            )
            out.write(value.encode() + b"\r\n")
        for name, data in (files or {}).items():
            out.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{name}.pdf"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
            )
            out.write(data + b"\r\n")
        out.write(f"--{boundary}--\r\n".encode())
        started = time.perf_counter()
        status, location = self._send(
            path, out.getvalue(), f"multipart/form-data; boundary={boundary}"
        )
        took = time.perf_counter() - started
        self.timings.append(took)
        step = path.rstrip("/").rsplit("/", 1)[-1] if "/my/" in path else "apply"
        self.steps.setdefault(step, []).append(took)
        if status != 302 or not location:
            self.errors.append(f"POST {path}: {status}")
        return location

    def get_static(self) -> None:
        started = time.perf_counter()
        status, _ = self._send(STATIC, None)
        self.static.append(time.perf_counter() - started)
        if status != 200:
            self.errors.append(f"GET {STATIC}: {status}")


def _pdf(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=text)
    return bytes(pdf.output())


def _setup() -> tuple[str, int, list[str]]:
    """The procedure (slug), the unit and ``APPLICANTS`` signed-in sessions."""
    from django.contrib.sessions.backends.db import SessionStore

    from chancery.core.demo import load
    from chancery.core.models import Unit
    from chancery.eservices.applicants.session import SESSION_KEY
    from chancery.eservices.models import Applicant
    from chancery.eservices.tests.factories import procedure_version

    load()
    unit = Unit.objects.get(code="consular")
    version = procedure_version(code="9.999001", units=[unit])
    applicants = Applicant.objects.bulk_create(
        Applicant(email=f"bench{n}-{uuid.uuid4().hex[:6]}@example.test", full_name=f"Bench {n}")
        for n in range(APPLICANTS + WARMUP)
    )
    sessions = []
    for applicant in applicants:
        store = SessionStore()
        store[SESSION_KEY] = applicant.pk
        store.create()
        sessions.append(str(store.session_key))
    return version.procedure.slug, unit.pk, sessions


def _flow(
    client: Client,
    slug: str,
    unit_id: int,
    files: dict[str, bytes],
    seed: int,
    *,
    pause: bool = True,
) -> None:
    rng = random.Random(seed)
    think = THINK if pause else (0.0, 0.0)
    time.sleep(rng.uniform(0, RAMP) if pause else 0)
    location = client.post(
        f"/services/apply/{slug}/",
        {"unit": str(unit_id), "channel": "online", "delivery": "account"},
    )
    if not location.rstrip("/").endswith("draft"):
        client.errors.append(f"apply went to {location!r}")
        return
    client.get_static()
    time.sleep(rng.uniform(*think))
    answers = {"full_name": "Nguyễn Thị Bench", "purpose": "work"}
    location = client.post(location, answers, files)
    if "submit" not in location:
        client.errors.append(f"draft went to {location!r}")
        return
    client.get_static()
    time.sleep(rng.uniform(*think))
    client.post(location, {"idempotency_key": uuid.uuid4().hex})


def _p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] * 1000 if len(values) > 1 else 0.0


def run() -> list[Metric]:
    from chancery.eservices.constants import State
    from chancery.eservices.models import Dossier

    os.environ.setdefault("CHANCERY_WEB_WORKERS", "3")
    os.environ.setdefault("CHANCERY_WEB_THREADS", "8")
    slug, unit_id, sessions = _setup()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    clients = [Client(base, key) for key in sessions[WARMUP:]]
    warmup = [Client(base, key) for key in sessions[:WARMUP]]
    attachments = [
        {"document": _pdf(f"Document {n}"), "passport": _pdf(f"Passport {n}")}
        for n in range(len(clients))
    ]
    with _server(port):
        for n, client in enumerate(warmup):
            _flow(client, slug, unit_id, attachments[n], -n, pause=False)
            if client.errors:
                raise RuntimeError(f"warm-up flow failed: {client.errors}")
        started = time.perf_counter()
        threads = [
            threading.Thread(target=_flow, args=(c, slug, unit_id, attachments[n], n))
            for n, c in enumerate(clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    errors = [e for c in clients for e in c.errors]
    timings = [t for c in clients for t in c.timings]
    static = [t for c in clients for t in c.static]
    filed = Dossier.objects.filter(
        version__procedure__slug=slug, state=State.SUBMITTED, applicant__email__startswith="bench"
    )
    complete = sum(1 for d in filed.prefetch_related("files") if len(d.files.all()) == 2)
    complete -= len(warmup)
    if complete != len(clients):
        errors.append(f"{complete} complete dossiers for {len(clients)} applicants")
    p95, static_p95 = _p(timings, 95), _p(static, 95)
    note = f"{len(clients)} applicants, ramp {RAMP:g}s, think {THINK[0]:g}-{THINK[1]:g}s"
    if errors:
        note += f"; first error: {errors[0]}"
    per_step = [
        {
            "name": f"p95 of step {step}",
            "value": _p([t for c in clients for t in c.steps.get(step, [])], 95),
            "unit": "ms",
        }
        for step in ("apply", "draft", "submit")
    ]
    return [
        {"name": "errors", "value": len(errors), "unit": "", "note": note},
        *per_step,
        {"name": "submission requests p50", "value": _p(timings, 50), "unit": "ms"},
        {"name": "submission requests p95", "value": p95, "unit": "ms", "note": "target < 500"},
        {"name": "static page p95 (same clients, same run)", "value": static_p95, "unit": "ms"},
        {
            "name": "submission p95 / static p95",
            "value": p95 / static_p95 if static_p95 else 0,
            "unit": "ratio",
        },
        {"name": "dossiers filed per second", "value": complete / elapsed, "unit": "dossiers/s"},
    ]
