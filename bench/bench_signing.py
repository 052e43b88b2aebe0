"""Signing and validation throughput, against pyHanko's command line run once per document.

The baseline is what an administrator would script without Chancery: ``pyhanko sign addsig``
(and ``pyhanko sign validate``) invoked once per file, each run loading Python and pyHanko,
reading the key and, for B-LTA, asking a TSA over HTTP. Chancery signs the same 2-page letter
with the same kind of key (RSA-2048) through ``sign_document`` (one PIN entry per document)
and ``sign_batch`` (one PIN entry for the whole batch), with the key in a PIN-sealed key file
and in a SoftHSM2 token. The issue's target: batches at least 10 times the baseline's rate.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from django.test import override_settings
from tqdm import tqdm

Metric = dict[str, Any]

PIN = "482913"
SO_PIN = "12345678"
BASELINE_DOCS = 6
SINGLE_DOCS = 12
BATCH_DOCS = 60
VALIDATIONS = 30
CLI = Path(sys.executable).with_name("pyhanko")


def _rate(count: int, seconds: float) -> float:
    return count / seconds if seconds else float("inf")


def _timed(label: str, count: int, step: Callable[[int], object]) -> float:
    started = time.perf_counter()
    for n in tqdm(range(count), desc=label, unit="doc", leave=False):
        step(n)
    return _rate(count, time.perf_counter() - started)


def _softhsm(directory: Path) -> str:
    """A fresh SoftHSM2 token in ``directory``; returns its label."""
    tokens = directory / "tokens"
    tokens.mkdir(parents=True)
    conf = directory / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    subprocess.run(
        [
            "softhsm2-util",
            "--init-token",
            "--free",
            "--label",
            "bench",
            "--pin",
            PIN,
            "--so-pin",
            SO_PIN,
        ],
        check=True,
        capture_output=True,
    )
    return "bench"


class World:
    def __init__(self, workdir: Path) -> None:
        from chancery.core.constants import Role
        from chancery.core.tests.factories import UnitFactory, UserFactory
        from chancery.lib.pdfgen import sample_letter
        from chancery.signing.actions.pki import initialise_internal_pki, issue_certificate
        from chancery.signing.constants import CertificateRole, KeyStorage

        self.workdir = workdir
        self.letter = sample_letter(pages=2)
        initialise_internal_pki(organisation="Bộ Ngoại giao")
        self.unit = UnitFactory(code="bench-unit", name_vi="Cục Lãnh sự")
        self.user = UserFactory(
            unit=self.unit, roles=[Role.UNIT_HEAD.value], full_name="Lê Văn Bền"
        )
        self.file_cert = issue_certificate(
            None, role=CertificateRole.PERSON, holder=self.user, pin=PIN
        )
        self.token_cert = None
        if shutil.which("softhsm2-util"):
            label = _softhsm(workdir / "softhsm")
            self.token_cert = issue_certificate(
                None,
                role=CertificateRole.PERSON,
                holder=self.user,
                pin=PIN,
                storage=KeyStorage.PKCS11,
                token_label=label,
            )

    def request(self, level: str, appearance: str | None = None) -> Any:
        from chancery.signing.actions.documents import SigningRequest

        return SigningRequest(
            document_type="cong-van",
            issuer_unit_id=self.unit.pk,
            level=level,
            appearance=appearance,
        )


def _export_for_cli(world: World, directory: Path) -> list[str]:
    """The signer's key and chain as PEM files for pyhanko's ``pemder`` signer."""
    from chancery.signing.keys import issuer_chain, open_key_file

    key = open_key_file(world.file_cert, PIN)
    (directory / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(PIN.encode()),
        )
    )
    (directory / "cert.pem").write_text(world.file_cert.pem)
    chain = issuer_chain(world.file_cert)
    (directory / "chain.pem").write_text("".join(row.pem for row in chain[1:]))
    (directory / "root.pem").write_text(chain[-1].pem)
    (directory / "pass.txt").write_text(PIN)
    return [
        "pemder",
        "--key",
        str(directory / "key.pem"),
        "--cert",
        str(directory / "cert.pem"),
        "--chain",
        str(directory / "chain.pem"),
        "--passfile",
        str(directory / "pass.txt"),
    ]


def _baseline(world: World, level: str, tsa_url: str) -> float:
    directory = Path(tempfile.mkdtemp(dir=world.workdir))
    signer = _export_for_cli(world, directory)
    source = directory / "in.pdf"
    source.write_bytes(world.letter)
    options = ["--field", "Signature1"]
    if level == "B-LTA":
        options += [
            "--timestamp-url",
            tsa_url,
            "--with-validation-info",
            "--use-pades-lta",
            "--trust",
            str(directory / "root.pem"),
            "--trust-replace",
        ]

    def step(n: int) -> None:
        subprocess.run(
            [
                str(CLI),
                "sign",
                "addsig",
                *options,
                *signer,
                str(source),
                str(directory / f"{n}.pdf"),
            ],
            check=True,
            capture_output=True,
        )

    return _timed(f"pyhanko CLI {level}", BASELINE_DOCS, step)


def _single(world: World, certificate: Any, level: str) -> float:
    from chancery.signing.actions.documents import sign_document

    def step(n: int) -> None:
        sign_document(
            world.user,
            pdf=world.letter,
            certificate=certificate,
            pin=PIN,
            request=world.request(level),
        )

    return _timed(f"single {level}", SINGLE_DOCS, step)


def _batch(world: World, certificate: Any, level: str, appearance: str | None = None) -> float:
    from chancery.signing.actions.batches import BatchItem, sign_batch

    items = [
        BatchItem(pdf=world.letter, request=world.request(level, appearance))
        for _ in range(BATCH_DOCS)
    ]
    started = time.perf_counter()
    outcomes = sign_batch(world.user, certificate=certificate, pin=PIN, items=items, level=level)
    seconds = time.perf_counter() - started
    failed = [outcome.error for outcome in outcomes if not outcome.ok]
    if failed:
        raise RuntimeError(f"batch signing failed: {failed[0]}")
    return _rate(BATCH_DOCS, seconds)


def _validations(world: World) -> tuple[float, float]:
    from chancery.blobs.service import open_blob
    from chancery.signing.actions.documents import sign_document
    from chancery.signing.queries.validation import validate

    document = sign_document(
        world.user,
        pdf=world.letter,
        certificate=world.file_cert,
        pin=PIN,
        request=world.request("B-LTA"),
    )
    with open_blob(document.blob.address, actor=None) as reader:
        signed = reader.read()
    chancery = _timed("validate", VALIDATIONS, lambda n: validate(signed))
    directory = Path(tempfile.mkdtemp(dir=world.workdir))
    path = directory / "signed.pdf"
    path.write_bytes(signed)
    (directory / "root.pem").write_text(world.file_cert.issuer.issuer.pem)

    def cli(n: int) -> None:
        subprocess.run(
            [
                str(CLI),
                "sign",
                "validate",
                "--trust-replace",
                "--trust",
                str(directory / "root.pem"),
                "--no-revocation-check",
                str(path),
            ],
            capture_output=True,
            check=False,
        )

    return chancery, _timed("pyhanko CLI validate", BASELINE_DOCS, cli)


def _serve_chancery(port: int) -> Any:
    """Chancery itself over real HTTP (its /pki/ CRLs, OCSP and TSA), for the baseline's
    B-LTA runs: the command line fetches what the certificates point at, as it would live."""
    import threading
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from django.core.wsgi import get_wsgi_application

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    class Threaded(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    server = make_server(
        "127.0.0.1", port, get_wsgi_application(), server_class=Threaded, handler_class=Quiet
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run() -> list[Metric]:
    from chancery.signing.pki.localserver import free_port

    workdir = Path(tempfile.mkdtemp(prefix="bench-signing-"))
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    try:
        with override_settings(
            CHANCERY_PKI_DIR=workdir / "pki",
            CHANCERY_PKI_BASE_URL=base_url,
            ALLOWED_HOSTS=["127.0.0.1"],
        ):
            server = _serve_chancery(port)
            try:
                return _run(World(workdir), f"{base_url}/pki/tsa/")
            finally:
                server.shutdown()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _run(world: World, tsa_url: str) -> list[Metric]:
    metrics: list[Metric] = []
    keys = [("key file", world.file_cert)]
    if world.token_cert is not None:
        keys.append(("SoftHSM", world.token_cert))
    for level in ("B-B", "B-LTA"):
        baseline = _baseline(world, level, tsa_url)
        metrics.append(
            {
                "name": f"{level} pyhanko CLI per document (baseline)",
                "value": baseline,
                "unit": "docs/s",
            }
        )
        for label, certificate in keys:
            single = _single(world, certificate, level)
            batch = _batch(world, certificate, level)
            # Like for like: the command line draws no appearance, so neither does this one.
            plain = _batch(world, certificate, level, appearance="invisible")
            metrics += [
                {
                    "name": f"{level} {label} single (PIN each)",
                    "value": single,
                    "unit": "docs/s",
                    "note": f"{single / baseline:.1f}x baseline",
                },
                {
                    "name": f"{level} {label} batch of {BATCH_DOCS}",
                    "value": batch,
                    "unit": "docs/s",
                    "note": f"{batch / baseline:.1f}x baseline",
                },
                {
                    "name": f"{level} {label} batch vs baseline",
                    "value": batch / baseline,
                    "unit": "x baseline",
                    "note": "with seal/signature image, QR code, fonts",
                },
                {
                    "name": f"{level} {label} invisible batch of {BATCH_DOCS}",
                    "value": plain,
                    "unit": "docs/s",
                    "note": "no appearance, like the baseline",
                },
                {
                    "name": f"{level} {label} invisible batch vs baseline",
                    "value": plain / baseline,
                    "unit": "x baseline",
                    "note": "target >= 10",
                },
            ]
    ours, theirs = _validations(world)
    metrics += [
        {
            "name": "validate B-LTA, pyhanko CLI per file (baseline)",
            "value": theirs,
            "unit": "validations/s",
        },
        {
            "name": "validate B-LTA, Chancery",
            "value": ours,
            "unit": "validations/s",
            "note": f"{ours / theirs:.1f}x baseline",
        },
    ]
    return metrics
