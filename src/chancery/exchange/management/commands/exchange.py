"""``chancery exchange key | peer-add | peers | status | push | ping``: operate the exchange.

Runs as the operator at the console: actions get ``actor=None`` and write their audit entry.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from tqdm import tqdm

from chancery.exchange import actions, identity, transport
from chancery.exchange.models import Peer
from chancery.exchange.queries import peer_statuses


class Command(BaseCommand):
    help = "Operate the store-and-forward exchange between Chancery instances."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        commands.add_parser("key", help="Print this instance's code and public key.")
        add = commands.add_parser("peer-add", help="Add or update a peer instance.")
        add.add_argument("--code", required=True)
        add.add_argument("--name", required=True)
        add.add_argument("--url", required=True, help="The peer's base URL.")
        add.add_argument("--public-key", required=True, help="The peer's key (base64).")
        add.add_argument("--unit", action="append", default=[], help="A unit it serves.")
        add.add_argument("--default-route", action="store_true", help="Serves all other units.")
        commands.add_parser("peers", help="List the peers.")
        commands.add_parser("status", help="Queues, sequence numbers and errors per peer.")
        push = commands.add_parser("push", help="Push pending messages now (synchronous).")
        push.add_argument("--peer", help="Only this peer's code.")
        ping = commands.add_parser("ping", help="Send link-test messages to a peer.")
        ping.add_argument("code")
        ping.add_argument("--count", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        handler = {
            "key": self._key,
            "peer-add": self._peer_add,
            "peers": self._peers,
            "status": self._status,
            "push": self._push,
            "ping": self._ping,
        }[options["subcommand"]]
        try:
            handler(options)
        except actions.ExchangeRefused as exc:
            raise CommandError(str(exc)) from exc

    def _peer(self, code: str) -> Peer:
        peer = Peer.objects.filter(code=code).first()
        if peer is None:
            raise CommandError(f"No peer {code!r}.")
        return peer

    def _key(self, options: dict[str, Any]) -> None:
        self.stdout.write(f"{identity.instance_code()} {identity.public_key_b64()}")

    def _peer_add(self, options: dict[str, Any]) -> None:
        peer = actions.add_peer(
            None,
            code=options["code"],
            name=options["name"],
            base_url=options["url"],
            public_key=options["public_key"],
            unit_codes=options["unit"],
            default_route=options["default_route"],
        )
        self.stdout.write(f"Peer {peer.code} at {peer.base_url}")

    def _peers(self, options: dict[str, Any]) -> None:
        for peer in Peer.objects.prefetch_related("units"):
            units = ",".join(unit.code for unit in peer.units.all()) or "-"
            route = " default-route" if peer.default_route else ""
            active = "" if peer.active else " inactive"
            self.stdout.write(f"{peer.code}  {peer.base_url}  units={units}{route}{active}")

    def _status(self, options: dict[str, Any]) -> None:
        now = timezone.now()
        for row in peer_statuses():
            age = (
                f"{(now - row.oldest_queued_at).total_seconds():.0f}s"
                if row.oldest_queued_at
                else "-"
            )
            contact = (
                f"{row.peer.last_contact_at:%Y-%m-%d %H:%M:%S}"
                if row.peer.last_contact_at
                else "never"
            )
            self.stdout.write(
                f"{row.peer.code}  queued={row.queued} oldest={age} out_seq={row.peer.out_seq} "
                f"in_seq={row.peer.in_seq} last_contact={contact}"
                + (f"  last_error={row.peer.last_error!r}" if row.peer.last_error else "")
            )

    def _push(self, options: dict[str, Any]) -> None:
        peers = (
            [self._peer(options["peer"])]
            if options["peer"]
            else list(Peer.objects.filter(active=True))
        )
        failed = False
        for peer in peers:
            with tqdm(total=transport.pending_count(peer), desc=peer.code, unit="msg") as bar:
                result = actions.push_synchronously(None, peer, progress=bar.update)
            if result.skipped:
                self.stdout.write(f"{peer.code}: another push is running; it sends the queue")
            elif result.error:
                failed = True
                self.stderr.write(f"{peer.code}: {result.error}")
            else:
                self.stdout.write(f"{peer.code}: {result.delivered} delivered")
        if failed:
            raise CommandError("Some peers could not be reached; their queues are kept.")

    def _ping(self, options: dict[str, Any]) -> None:
        sent = actions.ping(None, self._peer(options["code"]), options["count"])
        self.stdout.write(f"Queued {len(sent)} ping(s), seq {sent[0].seq}–{sent[-1].seq}")
