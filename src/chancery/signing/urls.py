"""URLs of the signing service, mounted at the site root (``/pki/...``)."""

from __future__ import annotations

from django.urls import path, re_path

from chancery.signing.views import pki

app_name = "signing"

urlpatterns = [
    path("pki/ca/<str:name>.crt", pki.ca_certificate, name="pki-ca"),
    path("pki/crl/<str:name>.crl", pki.crl, name="pki-crl"),
    path("pki/ocsp/", pki.ocsp_post, name="pki-ocsp"),
    # Base64 may contain "/" and "+": take the rest of the path.
    re_path(r"^pki/ocsp/(?P<encoded>.+)$", pki.ocsp_get, name="pki-ocsp-get"),
    path("pki/tsa/", pki.tsa, name="pki-tsa"),
]
