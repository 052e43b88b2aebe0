"""The ministry's social-network accounts, in the CMS (Settings, "Social networks"): whether
the X account is connected, as whom and until when its current token holds; "Connect the X
account", which runs OAuth 2.0's authorization code flow with PKCE at X (``social/tokens.py``)
and comes back to the callback here; and "Disconnect". Facebook's Page token is configured in
the environment and only shown.

Administrators only (the administrator role): the account posts in the ministry's name. Each
connection and disconnection goes into the audit trail. The flow's ``state`` and PKCE verifier
stay in the administrator's session, are used once and hold ``PENDING``: an answer from X that
does not match the connection this administrator started, or comes later, is refused."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chancery.core.decorators import holds_any_role, role_required
from chancery.core.service import Role, User, record_audit
from chancery.portal.social import PermanentFailure, TemporaryFailure, tokens
from chancery.portal.social.x import XAccount, configured

logger = logging.getLogger(__name__)

NETWORK = "x"
SESSION_KEY = "portal.x-connect"
PENDING = dt.timedelta(minutes=10)


# The account posts in the ministry's name: administrators only (others get 403).
_administrators_only = role_required(Role.ADMIN)


def may_manage_accounts(user: Any) -> bool:
    return bool(user.is_authenticated and holds_any_role(user, (Role.ADMIN.value,)))


def _audit(request: HttpRequest, action: str, account: str) -> None:
    record_audit(
        request.user if isinstance(request.user, User) else None,
        action,
        data={"network": NETWORK, "account": account},
        request=request,
        object_type="portal.socialtoken",
        object_id=NETWORK,
        object_label=f"X {account}".strip(),
    )


def _back() -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("portal_social"))


def _callback_uri(request: HttpRequest) -> str:
    """The address X sends the administrator back to; it must be registered, exactly, as the
    app's callback URI at X (the page shows it)."""
    return request.build_absolute_uri(reverse("portal_social_x_callback"))


@require_http_methods(["GET", "HEAD"])
@_administrators_only
def social(request: HttpRequest) -> HttpResponse:
    """The accounts and what can be done with them."""
    title = _("Social networks")
    stored = tokens.connected(NETWORK)
    return TemplateResponse(
        request,
        "portal/cms/social.html",
        {
            "header_title": title,
            "page_title": title,
            "header_icon": "globe",
            "x_stored": stored is not None,
            "x_account": stored[0] if stored else "",
            "x_expires_at": stored[1] if stored else None,
            "x_settings_token": bool(settings.CHANCERY_PORTAL_X_TOKEN),
            "x_client_id": settings.CHANCERY_PORTAL_X_CLIENT_ID,
            "x_callback_uri": _callback_uri(request),
            "facebook_configured": bool(
                settings.CHANCERY_PORTAL_FACEBOOK_PAGE_ID
                and settings.CHANCERY_PORTAL_FACEBOOK_TOKEN
            ),
            "facebook_page_id": settings.CHANCERY_PORTAL_FACEBOOK_PAGE_ID,
        },
    )


@require_POST
@_administrators_only
def x_connect(request: HttpRequest) -> HttpResponse:
    """To X's consent screen, keeping the state and verifier for the callback."""
    redirect_uri = _callback_uri(request)
    try:
        authorization = tokens.authorization(redirect_uri)
    except PermanentFailure:
        messages.error(
            request,
            _(
                "The X app is not configured: set CHANCERY_PORTAL_X_CLIENT_ID (and "
                "CHANCERY_PORTAL_X_CLIENT_SECRET for a confidential client) first."
            ),
        )
        return _back()
    request.session[SESSION_KEY] = {
        "state": authorization.state,
        "verifier": authorization.verifier,
        "redirect_uri": redirect_uri,
        "started": timezone.now().isoformat(),
    }
    return HttpResponseRedirect(authorization.url)


@require_GET
@_administrators_only
def x_callback(request: HttpRequest) -> HttpResponse:
    """X's answer: the code exchanged for the account's tokens, or why not."""
    pending = _pending(request)
    if pending is None:
        messages.error(
            request,
            _(
                "This answer from X does not belong to a connection started here in the last "
                "ten minutes. Nothing was changed; start again."
            ),
        )
        return _back()
    error = request.GET.get("error", "")
    if error == "access_denied":
        messages.warning(
            request, _("The X account was not connected: the authorization was cancelled at X.")
        )
        return _back()
    if error or not request.GET.get("code"):
        messages.error(
            request,
            _("X did not authorize the connection (%(error)s). Nothing was changed.")
            % {"error": error or "invalid_request"},
        )
        return _back()
    try:
        expires_at = tokens.connect(
            NETWORK,
            request.GET["code"],
            verifier=pending["verifier"],
            redirect_uri=pending["redirect_uri"],
        )
    except TemporaryFailure as failure:
        logger.warning("connecting the X account: %s", failure)
        messages.error(request, _("X could not be reached. Nothing was changed; start again."))
        return _back()
    except PermanentFailure as failure:
        messages.error(request, _("X refused the connection: %(reason)s") % {"reason": failure})
        return _back()
    account = _account_name()
    _audit(request, "portal.social.connect", account)
    messages.success(
        request,
        _(
            "The X account %(account)s is connected. Its token is renewed automatically; "
            "the current one holds until %(when)s."
        )
        % {
            "account": account,
            "when": formats.date_format(timezone.localtime(expires_at), "DATETIME_FORMAT"),
        },
    )
    return _back()


def _pending(request: HttpRequest) -> dict[str, str] | None:
    """The connection this administrator started, taken out of the session (it is used once),
    when X's answer carries its ``state`` and comes within ``PENDING``; else None."""
    pending = request.session.pop(SESSION_KEY, None)
    state = request.GET.get("state", "")
    if not isinstance(pending, dict) or not state:
        return None
    try:
        started = dt.datetime.fromisoformat(pending["started"])
    except (KeyError, TypeError, ValueError):
        return None
    if timezone.now() - started >= PENDING:
        return None
    return pending if constant_time_compare(state, str(pending.get("state", ""))) else None


def _account_name() -> str:
    """``@username`` of the account just connected, kept for the page; "" when X does not say
    (the connection stands: posting does not need it)."""
    account = configured()
    if not isinstance(account, XAccount):
        return ""
    try:
        username = account.me().get("username")
    except (TemporaryFailure, PermanentFailure) as failure:
        logger.warning("reading the connected X account: %s", failure)
        return ""
    name = f"@{username}" if username else ""
    tokens.name_account(NETWORK, name)
    return name


@require_POST
@_administrators_only
def x_disconnect(request: HttpRequest) -> HttpResponse:
    """Forget the stored tokens: the adapter stops posting (or falls back to the settings'
    token). X keeps the app's authorization until it is revoked there too."""
    stored = tokens.connected(NETWORK)
    if stored is None or not tokens.forget(NETWORK):
        messages.info(request, _("The X account was not connected."))
        return _back()
    _audit(request, "portal.social.disconnect", stored[0])
    messages.success(
        request,
        _(
            "The X account is disconnected: Chancery no longer holds its tokens. To withdraw "
            "the app's access too, revoke it in the account's settings at X."
        ),
    )
    return _back()
