"""Sign-in with the national e-identity: the whole OpenID Connect flow against a local
provider over real HTTP, and the ID tokens that must be refused."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from django.test import Client, override_settings
from django.urls import reverse

from chancery.eservices.applicants import oidc
from chancery.eservices.applicants.session import SESSION_KEY
from chancery.eservices.fakes.oidc import DEMO_IDENTITY, FakeOidcProvider
from chancery.eservices.models import Applicant
from chancery.eservices.tests.factories import ApplicantFactory
from chancery.eservices.tests.factories_applicants import NoRedirect, fetch_without_redirect

pytestmark = pytest.mark.django_db


@pytest.fixture
def idp() -> Iterator[FakeOidcProvider]:
    with (
        FakeOidcProvider(client_id="chancery", client_secret="s3cret") as provider,
        override_settings(CHANCERY_OIDC_PROVIDERS={"vneid": provider.settings()}),
    ):
        yield provider


@pytest.fixture
def client() -> Client:
    return Client(headers={"Accept-Language": "en"})


def _sign_in(client: Client, next_url: str = "") -> Any:
    """Click "Sign in with VNeID", let the provider consent, come back to the callback."""
    start = reverse("services:oidc_start", kwargs={"provider": "vneid"})
    response = client.get(start + (f"?next={next_url}" if next_url else ""))
    assert response.status_code == 302
    status, location = fetch_without_redirect(response["Location"])  # the provider, over HTTP
    assert status == 302, location
    back = urlsplit(location)
    assert back.path == reverse("services:oidc_callback", kwargs={"provider": "vneid"})
    return client.get(f"{back.path}?{back.query}")


def test_a_citizen_signs_in_with_the_e_identity_and_gets_a_confirmed_account(
    client: Client, idp: FakeOidcProvider
) -> None:
    response = _sign_in(client, next_url="/services/track/")

    assert response.status_code == 302
    assert response["Location"] == "/services/track/"
    applicant = Applicant.objects.get()
    assert client.session[SESSION_KEY] == applicant.pk
    assert (applicant.email, applicant.full_name) == (DEMO_IDENTITY["email"], DEMO_IDENTITY["name"])
    assert (applicant.oidc_issuer, applicant.oidc_subject) == (idp.issuer, DEMO_IDENTITY["sub"])
    assert applicant.is_verified
    assert applicant.id_number == DEMO_IDENTITY["id_number"]  # from the userinfo endpoint too

    # The next time, the same person finds the same account.
    assert _sign_in(Client()).status_code == 302
    assert Applicant.objects.count() == 1


def test_the_authorization_request_carries_state_nonce_and_pkce(
    client: Client, idp: FakeOidcProvider
) -> None:
    response = client.get(reverse("services:oidc_start", kwargs={"provider": "vneid"}))
    query = parse_qs(urlsplit(response["Location"]).query)

    assert query["code_challenge_method"] == ["S256"]
    assert len(query["state"][0]) >= 32
    assert len(query["nonce"][0]) >= 32
    assert query["state"] != query["nonce"]
    assert query["client_id"] == ["chancery"]


def test_an_account_with_the_same_confirmed_address_is_linked_not_duplicated(
    client: Client, idp: FakeOidcProvider
) -> None:
    existing = ApplicantFactory(email=str(DEMO_IDENTITY["email"]).upper())

    assert _sign_in(client).status_code == 302

    existing.refresh_from_db()
    assert existing.oidc_subject == DEMO_IDENTITY["sub"]
    assert Applicant.objects.count() == 1


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda claims: {**claims, "nonce": "another-nonce"}, id="wrong nonce"),
        pytest.param(lambda claims: {**claims, "aud": "someone-else"}, id="wrong audience"),
        pytest.param(lambda claims: {**claims, "iss": "https://evil.example"}, id="wrong issuer"),
        pytest.param(lambda claims: {**claims, "exp": int(time.time()) - 3600}, id="expired"),
    ],
)
def test_an_id_token_that_does_not_check_out_is_refused(
    client: Client, idp: FakeOidcProvider, tamper: Any
) -> None:
    idp.tamper = tamper

    response = _sign_in(client)

    assert response.status_code == 400
    assert "Signing in with your e-identity did not work" in response.content.decode()
    assert SESSION_KEY not in client.session
    assert not Applicant.objects.exists()


def test_an_id_token_signed_with_another_key_is_refused(
    client: Client, idp: FakeOidcProvider
) -> None:
    idp.bad_signature = True

    assert _sign_in(client).status_code == 400
    assert not Applicant.objects.exists()


def test_a_callback_replayed_or_without_a_sign_in_under_way_is_refused(
    client: Client, idp: FakeOidcProvider
) -> None:
    start = client.get(reverse("services:oidc_start", kwargs={"provider": "vneid"}))
    _status, location = fetch_without_redirect(start["Location"])
    back = urlsplit(location)
    assert client.get(f"{back.path}?{back.query}").status_code == 302

    replay = Client().get(f"{back.path}?{back.query}")  # another browser, same state and code
    assert replay.status_code == 400
    again = client.get(f"{back.path}?{back.query}")  # the state is used up
    assert again.status_code == 400


def test_an_identity_without_a_confirmed_address_is_refused_with_an_explanation(
    client: Client, idp: FakeOidcProvider
) -> None:
    idp.identity = {**DEMO_IDENTITY, "email_verified": False}

    response = _sign_in(client)

    assert response.status_code == 400
    assert "did not share a confirmed e-mail address" in response.content.decode()


def test_an_unknown_provider_sends_the_visitor_back_to_sign_in(client: Client) -> None:
    response = client.get(reverse("services:oidc_start", kwargs={"provider": "nowhere"}))
    assert response.status_code == 302
    assert response["Location"] == reverse("services:signin")


def test_the_sign_in_page_offers_the_configured_e_identity(
    client: Client, idp: FakeOidcProvider
) -> None:
    page = client.get(reverse("services:signin")).content.decode()
    assert "Sign in with VNeID" in page


def test_es256_id_tokens_validate_against_an_ec_key() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    numbers = key.public_key().public_numbers()
    jwk = {
        "kty": "EC",
        "crv": "P-256",
        "kid": "ec1",
        "x": oidc.b64encode(numbers.x.to_bytes(32, "big")),
        "y": oidc.b64encode(numbers.y.to_bytes(32, "big")),
    }
    oidc._cache["memory://jwks"] = (time.monotonic() + 60, {"keys": [jwk]})
    provider = oidc.Provider(name="x", issuer="https://id.example", client_id="chancery")
    claims = {
        "iss": "https://id.example",
        "aud": ["chancery", "other"],
        "azp": "chancery",
        "sub": "42",
        "exp": int(time.time()) + 60,
        "nonce": "n-1",
    }
    head = oidc.b64encode(json.dumps({"alg": "ES256", "kid": "ec1"}).encode())
    body = oidc.b64encode(json.dumps(claims).encode())
    r, s = decode_dss_signature(key.sign(f"{head}.{body}".encode(), ec.ECDSA(hashes.SHA256())))
    token = f"{head}.{body}.{oidc.b64encode(r.to_bytes(32, 'big') + s.to_bytes(32, 'big'))}"

    assert (
        oidc.validate_id_token(token, provider=provider, jwks_uri="memory://jwks", nonce="n-1")[
            "sub"
        ]
        == "42"
    )
    with pytest.raises(oidc.OidcError):
        oidc.validate_id_token(token, provider=provider, jwks_uri="memory://jwks", nonce="n-2")
    unsigned = f"{oidc.b64encode(json.dumps({'alg': 'none'}).encode())}.{body}."
    with pytest.raises(oidc.OidcError):
        oidc.validate_id_token(unsigned, provider=provider, jwks_uri="memory://jwks", nonce="n-1")


def test_the_fake_provider_can_ask_for_consent_before_answering(client: Client) -> None:
    import urllib.parse
    import urllib.request

    with (
        FakeOidcProvider(auto_consent=False) as provider,
        override_settings(CHANCERY_OIDC_PROVIDERS={"vneid": provider.settings()}),
    ):
        start = client.get(reverse("services:oidc_start", kwargs={"provider": "vneid"}))
        with urllib.request.urlopen(start["Location"], timeout=10) as page:  # noqa: S310
            assert b"Share your identity with Chancery?" in page.read()
        query = dict(urllib.parse.parse_qsl(urlsplit(start["Location"]).query))
        form = urllib.parse.urlencode({**query, "consent": "yes"}).encode()
        request = urllib.request.Request(f"{provider.issuer}/authorize", data=form)  # noqa: S310
        opener = urllib.request.build_opener(NoRedirect)
        try:
            opener.open(request, timeout=10)
        except urllib.error.HTTPError as answer:
            location = answer.headers["Location"]
        back = urlsplit(location)
        assert client.get(f"{back.path}?{back.query}").status_code == 302
    assert Applicant.objects.count() == 1
