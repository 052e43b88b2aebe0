"""Independent validators for tests: poppler's ``pdfsig`` and the pyHanko command line.

Our own code must not be the only judge of its signatures, so tests run these separate tools
on the files written to disk.

What "accepted by pdfsig" means (:func:`pdfsig_accepts`). poppler 22.12 cannot verify RFC 3161
document timestamps ("Unimplemented Feature") and reports a signature followed by a later
revision (a DSS for B-LT, a document timestamp for B-LTA, a later signature) as "Not total
document signed". So a file is accepted when, for every signature that is not a document
timestamp: pdfsig says "Signature is Valid.", the certificate is trusted (the test's root is
put in a private NSS database), and the signed byte ranges end exactly at the end of a
revision (``%%EOF``). Whether the later revisions only add what is allowed (DSS, document
timestamps, further signatures) is the pyHanko CLI's diff analysis, which
:func:`pyhanko_cli_validate` runs.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from pyhanko.pdf_utils.reader import PdfFileReader

TIMEOUT = 120
PYHANKO = str(Path(sys.executable).with_name("pyhanko"))


def nss_db_trusting(root_pem: Path, directory: Path) -> str:
    """An NSS database in ``directory`` that trusts ``root_pem``; returns the ``-nssdir`` value."""
    db = f"sql:{directory}"
    subprocess.run(
        ["certutil", "-N", "-d", db, "--empty-password"],
        check=True,
        capture_output=True,
        timeout=TIMEOUT,
    )
    subprocess.run(
        ["certutil", "-A", "-d", db, "-n", "root", "-t", "CT,C,C", "-i", str(root_pem)],
        check=True,
        capture_output=True,
        timeout=TIMEOUT,
    )
    return db


def pdfsig_report(
    path: Path, *, root_pem: Path | None = None, ocsp: bool = False
) -> list[dict[str, Any]]:
    """One dict per signature that ``pdfsig`` lists.

    Keys: ``field``, ``signer_cn``, ``type``, ``valid`` ("Signature is Valid."),
    ``total_document_signed``, ``certificate`` (pdfsig's certificate verdict),
    ``certificate_trusted``, ``ranges`` (list of (start, end) byte offsets), ``raw``.
    With ``root_pem`` the certificate is checked against that root only; OCSP is online
    (needs the ``pki_server`` fixture) only when ``ocsp`` is true.
    """
    with tempfile.TemporaryDirectory() as tmp:
        args = ["pdfsig"]
        if root_pem is not None:
            args += ["-nssdir", nss_db_trusting(root_pem, Path(tmp))]
        else:
            args.append("-nocert")
        if not ocsp:
            args.append("-no-ocsp")
        result = subprocess.run(
            [*args, str(path)], capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
    signatures: list[dict[str, Any]] = []
    for block in re.split(r"^Signature #\d+:\s*$", result.stdout, flags=re.MULTILINE)[1:]:
        entry: dict[str, Any] = {"raw": block, "total_document_signed": False, "ranges": []}
        for line in block.splitlines():
            line = line.strip().removeprefix("- ").strip()
            key, _, value = line.partition(": ")
            if key == "Signature Field Name":
                entry["field"] = value
            elif key == "Signer Certificate Common Name":
                entry["signer_cn"] = value
            elif key == "Signature Type":
                entry["type"] = value
            elif key == "Signature Validation":
                entry["valid"] = value == "Signature is Valid."
            elif key == "Certificate Validation":
                entry["certificate"] = value
                entry["certificate_trusted"] = value == "Certificate is Trusted."
            elif key == "Signed Ranges":
                entry["ranges"] = [
                    (int(a), int(b)) for a, b in re.findall(r"\[(\d+) - (\d+)\]", value)
                ]
            elif line == "Total document signed":
                entry["total_document_signed"] = True
        signatures.append(entry)
    return signatures


def ends_at_revision(data: bytes, ranges: list[tuple[int, int]]) -> bool:
    """Whether the signed ranges reach exactly the end of a revision of ``data``."""
    if not ranges:
        return False
    end = ranges[-1][1]
    return data[:end].rstrip(b"\r\n").endswith(b"%%EOF") and ranges[0][0] == 0


def pdfsig_accepts(path: Path, root_pem: Path) -> tuple[bool, list[dict[str, Any]]]:
    """Apply the acceptance rule of the module docstring; return it and the report."""
    data = path.read_bytes()
    report = pdfsig_report(path, root_pem=root_pem)
    # pdfsig reports document timestamps with type "unknown"; tell them apart by their field.
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    timestamps = {ts.field_name for ts in reader.embedded_timestamp_signatures}
    for entry in report:
        entry["document_timestamp"] = entry.get("field") in timestamps
    signatures = [s for s in report if not s["document_timestamp"]]
    ok = bool(signatures) and all(
        s.get("valid") and s.get("certificate_trusted") and ends_at_revision(data, s["ranges"])
        for s in signatures
    )
    return ok, report


def pyhanko_cli_validate(
    path: Path, trust_root_pem_path: Path, *extra_args: str
) -> tuple[bool, str]:
    """``pyhanko sign validate`` trusting only ``trust_root_pem_path``; (all valid?, output).

    The CLI fetches CRLs and OCSP answers online from the URLs in the certificates (start the
    ``pki_server`` fixture). It checks every signature and document timestamp, including the
    incremental-update (diff) analysis, and exits non-zero if any is not valid and trusted.
    """
    result = subprocess.run(
        [
            PYHANKO,
            "sign",
            "validate",
            "--trust-replace",
            "--trust",
            str(trust_root_pem_path),
            "--pretty-print",
            *extra_args,
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    output = result.stdout + result.stderr
    return result.returncode == 0, output
