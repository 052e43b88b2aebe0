"""The public PKI endpoints named in every certificate: CA certificates, CRLs, OCSP, TSA.

Anyone may call them (validators anywhere in the world do), without a session or CSRF
token. When the internal CA is switched off (CHANCERY_PKI_INTERNAL_CA) or not yet created,
they answer 404. Malformed OCSP and TSA requests get the protocol's own refusal, never 500.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from cryptography import x509
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from chancery.signing.pki.revocation import malformed_response
from chancery.signing.pki.tsa import answer_tsa_request
from chancery.signing.queries import pki as queries

# RFC 6960 §A.1 / RFC 3161 §3.4: requests are small; refuse anything larger unread.
MAX_REQUEST_BYTES = 64 * 1024

View = Callable[..., HttpResponse]


def internal_ca_only(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.CHANCERY_PKI_INTERNAL_CA:
            raise Http404
        return view(request, *args, **kwargs)

    return login_not_required(csrf_exempt(wrapper))


@internal_ca_only
@require_safe
def ca_certificate(request: HttpRequest, name: str) -> HttpResponse:
    """``GET /pki/ca/<root|issuing>.crt``: the CA certificate, DER."""
    material = queries.service_material()
    if material is None or name not in queries.CA_NAMES:
        raise Http404
    held = material.root if name == "root" else material.issuing
    from cryptography.hazmat.primitives import serialization

    response = HttpResponse(
        held.certificate.public_bytes(serialization.Encoding.DER),
        content_type="application/pkix-cert",
    )
    response["Cache-Control"] = "public, max-age=86400"
    response["Content-Disposition"] = f'attachment; filename="{name}.crt"'
    return response


@internal_ca_only
@require_safe
def crl(request: HttpRequest, name: str) -> HttpResponse:
    """``GET /pki/crl/<root|issuing>.crl``: the current CRL, cacheable until its nextUpdate."""
    der = queries.crl_der(name) if name in queries.CA_NAMES else None
    if der is None:
        raise Http404
    next_update = x509.load_der_x509_crl(der).next_update_utc or timezone.now()
    seconds = max(0, int((next_update - dt.datetime.now(dt.UTC)).total_seconds()))
    response = HttpResponse(der, content_type="application/pkix-crl")
    response["Cache-Control"] = f"public, max-age={seconds}"
    response["Expires"] = http_date(next_update.timestamp())
    return response


def _ocsp_reply(der: bytes | None) -> HttpResponse:
    if der is None:
        raise Http404
    response = HttpResponse(der, content_type="application/ocsp-response")
    response["Cache-Control"] = "no-cache"
    return response


@internal_ca_only
@require_POST
def ocsp_post(request: HttpRequest) -> HttpResponse:
    """``POST /pki/ocsp/`` with an ``application/ocsp-request`` body (RFC 6960 §A.1)."""
    body = request.body if len(request.body) <= MAX_REQUEST_BYTES else b""
    return _ocsp_reply(queries.ocsp_answer(body))


@internal_ca_only
@require_safe
def ocsp_get(request: HttpRequest, encoded: str) -> HttpResponse:
    """``GET /pki/ocsp/<base64 request>`` (RFC 6960 §A.1: URL-encoded base64 DER)."""
    try:
        body = base64.b64decode(encoded, validate=False)
    except (binascii.Error, ValueError):
        if queries.service_material() is None:
            raise Http404 from None
        return _ocsp_reply(malformed_response())
    return _ocsp_reply(queries.ocsp_answer(body))


@internal_ca_only
@require_POST
def tsa(request: HttpRequest) -> HttpResponse:
    """``POST /pki/tsa/`` with an ``application/timestamp-query`` body (RFC 3161 §3.4)."""
    material = queries.service_material()
    if material is None:
        raise Http404
    body = request.body if len(request.body) <= MAX_REQUEST_BYTES else b""
    answer = answer_tsa_request(body, queries.internal_timestamper(material))
    response = HttpResponse(answer, content_type="application/timestamp-reply")
    response["Cache-Control"] = "no-store"
    return response
