"""E-mail subscriptions: double opt-in, one-click unsubscribe, and who receives what.

A subscription receives nothing until its owner follows the link in the confirmation e-mail
and presses the button (``confirm``). The link carries the subscription's token, a random
value that is the only authority over it: whoever holds it may confirm or unsubscribe.
Every mail sent to subscribers carries ``unsubscribe_headers`` (RFC 2369 and RFC 8058).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chancery.core.service import record_audit
from chancery.portal.constants import SubscriptionTopic
from chancery.portal.models import Subscription


@dataclass(frozen=True)
class Requested:
    subscription: Subscription
    mailed: bool  # whether a confirmation e-mail was queued (not for an active subscription)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def _languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def subscribe(
    *, email: str, topic: str, country_code: str = "", language: str, request: Any = None
) -> Requested:
    """Ask for a subscription; a confirmation e-mail is queued unless it is already active.

    Anyone may call it (the public form has applied the spam defences). Whether the address
    was already subscribed is never revealed to the caller's visitor: the view answers the
    same either way. An unconfirmed (or ended) subscription gets a fresh confirmation e-mail;
    an ended one must be confirmed again before anything is sent. Refuses (``ValidationError``)
    an unknown topic or language, and a one-country advisory subscription without a country.
    """
    from chancery.portal import public_mail

    email = email.strip().lower()
    country_code = country_code.strip().upper() if topic == SubscriptionTopic.ADVISORY else ""
    if topic not in SubscriptionTopic.values:
        raise ValidationError(_("Unknown subscription topic."))
    if topic == SubscriptionTopic.ADVISORY and len(country_code) != 2:
        raise ValidationError(_("Choose the country."))
    if language not in _languages():
        raise ValidationError(_("Unknown language."))
    with transaction.atomic():
        found = (
            Subscription.objects.select_for_update()
            .filter(email=email, topic=topic, country_code=country_code)
            .first()
        )
        if found is None:
            try:
                with transaction.atomic():
                    found = Subscription.objects.create(
                        email=email,
                        topic=topic,
                        country_code=country_code,
                        language=language,
                        token=new_token(),
                    )
            except IntegrityError:  # the same request twice at once: the other one made it
                found = Subscription.objects.select_for_update().get(
                    email=email, topic=topic, country_code=country_code
                )
        if found.active:
            return Requested(found, mailed=False)
        # Unconfirmed or ended: confirm (again) before anything is sent, in the language asked.
        found.language = language
        found.confirmed_at = None
        found.unsubscribed_at = None
        found.save(update_fields=["language", "confirmed_at", "unsubscribed_at"])
        record_audit(
            None,
            "portal.subscription.request",
            found,
            data={"topic": topic, "country": country_code},
            request=request,
            object_label=f"{topic} {country_code}".strip(),
        )
        public_mail.defer_confirmation(found)
    return Requested(found, mailed=True)


def by_token(token: str) -> Subscription | None:
    if not token or len(token) > 64:
        return None
    return Subscription.objects.filter(token=token).first()


def confirm(token: str) -> Subscription | None:
    """Confirm the subscription of ``token`` (idempotent); ``None`` for an unknown token.

    Whoever holds the token may call it: it came by e-mail to the address. An unsubscribed
    subscription is not revived by an old confirmation link (it must be asked for again)."""
    with transaction.atomic():
        found = Subscription.objects.select_for_update().filter(token=token).first()
        if found is None:
            return None
        if found.confirmed_at is None and found.unsubscribed_at is None:
            found.confirmed_at = timezone.now()
            found.save(update_fields=["confirmed_at"])
            record_audit(None, "portal.subscription.confirm", found, object_label=found.topic)
    return found


def unsubscribe(token: str) -> Subscription | None:
    """End the subscription of ``token`` (idempotent); ``None`` for an unknown token.

    Whoever holds the token may call it, including a mail client's one-click request."""
    with transaction.atomic():
        found = Subscription.objects.select_for_update().filter(token=token).first()
        if found is None:
            return None
        if found.unsubscribed_at is None:
            found.unsubscribed_at = timezone.now()
            found.save(update_fields=["unsubscribed_at"])
            record_audit(None, "portal.subscription.end", found, object_label=found.topic)
    return found


def active_subscribers(
    topic: str, country_code: str | None = None, language: str | None = None
) -> QuerySet[Subscription]:
    """Confirmed, not ended subscriptions of ``topic`` (for ``advisory``: of ``country_code``),
    optionally in one ``language``. For an advisory alert, add the ``all_advisories`` ones
    yourself (``active_subscribers(SubscriptionTopic.ALL_ADVISORIES)``): the topics differ."""
    found = Subscription.objects.filter(
        topic=topic, confirmed_at__isnull=False, unsubscribed_at__isnull=True
    )
    if country_code is not None:
        found = found.filter(country_code=country_code.upper())
    if language is not None:
        found = found.filter(language=language)
    return found.order_by("pk")


def absolute(path: str) -> str:
    return str(settings.CHANCERY_SITE_URL).rstrip("/") + path


def _url(name: str, subscription: Subscription) -> str:
    # The language prefix of the subscriber's language: the page answers in it.
    with translation.override(subscription.language):
        return absolute(reverse(name, kwargs={"token": subscription.token}))


def confirm_url(subscription: Subscription) -> str:
    return _url("portal:subscription_confirm", subscription)


def unsubscribe_url(subscription: Subscription) -> str:
    return _url("portal:subscription_unsubscribe", subscription)


def unsubscribe_headers(subscription: Subscription) -> dict[str, str]:
    """The headers every mail to a subscriber carries: the unsubscribe link (RFC 2369) and
    the one-click POST mail clients send to it (RFC 8058)."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(subscription)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def country_choices(language: str) -> list[tuple[str, str]]:
    """The countries that have a travel advisory, as (code, name in ``language``), by name.

    The name is the title of the country's page in ``language`` (Countries and missions),
    else that of the advisory page in ``language``, else the code."""
    from chancery.portal.models import AdvisoryPage, CountryPage

    codes = set(AdvisoryPage.objects.live().values_list("country_code", flat=True))
    names = _names(CountryPage, codes, language)
    for code, title in _names(AdvisoryPage, codes - set(names), language).items():
        names.setdefault(code, title)
    return sorted(((code, names.get(code, code)) for code in codes), key=lambda c: c[1].lower())


def country_name(code: str, language: str) -> str:
    from chancery.portal.models import AdvisoryPage, CountryPage

    for model in (CountryPage, AdvisoryPage):
        name = _names(model, {code.upper()}, language).get(code.upper())
        if name:
            return name
    return code.upper()


def _names(model: Any, codes: set[str], language: str) -> dict[str, str]:
    rows = (
        model.objects.live()
        .filter(country_code__in=codes, locale__language_code=language)
        .values_list("country_code", "title")
    )
    return {str(code).upper(): str(title) for code, title in rows}
