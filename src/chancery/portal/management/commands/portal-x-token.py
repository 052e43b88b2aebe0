"""``chancery portal-x-token``: connect the portal's X account for good (or ``--forget`` it).

Give it the refresh token that the app's OAuth 2.0 authorization flow returned (with the
``offline.access`` scope) on standard input, or typed at the prompt: never as an argument,
which other users of the machine could read. The command stores it sealed, renews it at once
(which checks it and spends it: X rotates refresh tokens) and says until when the new access
token holds; from then on the X adapter renews the pair itself (portal/social/tokens.py).
A refused token is not kept."""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from chancery.portal.social import tokens
from chancery.portal.social.base import PermanentFailure, TemporaryFailure

NETWORK = "x"


class Command(BaseCommand):
    help = "Store the X account's refresh token (read from standard input) and renew it once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--forget",
            action="store_true",
            help="Delete the stored tokens (the adapter falls back to CHANCERY_PORTAL_X_TOKEN).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["forget"]:
            forgotten = tokens.forget(NETWORK)
            self.stdout.write("X tokens forgotten" if forgotten else "no X tokens were stored")
            return
        refresh = self._read_refresh_token()
        # Stored as already expired: the renewal below checks it and replaces the pair.
        tokens.store(NETWORK, access_token="", refresh_token=refresh, expires_at=timezone.now())
        try:
            tokens.access_token(NETWORK, renew=True)
        except PermanentFailure as failure:
            tokens.forget(NETWORK)
            raise CommandError(f"not stored: {failure}") from failure
        except TemporaryFailure as failure:
            self.stderr.write(
                f"stored, but not checked: {failure}. It is renewed before the next post."
            )
            return
        until = tokens.expires_at(NETWORK)
        self.stdout.write(
            f"X account connected; the access token holds until {until:%Y-%m-%d %H:%M} "
            "UTC and is renewed before it expires"
        )

    def _read_refresh_token(self) -> str:
        typed = sys.stdin.isatty()
        value = (getpass.getpass("X refresh token: ") if typed else sys.stdin.readline()).strip()
        if not value:
            raise CommandError("no refresh token given (standard input was empty)")
        return value
