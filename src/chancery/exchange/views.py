"""Exchange pages: the peers' machine route and the administrators' status page."""

from __future__ import annotations

import json

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from chancery.core.decorators import role_required
from chancery.core.service import Role
from chancery.exchange import actions, inbox, queries
from chancery.exchange.models import Peer
from chancery.lib.problems import Problem, problem_response

# A batch of 200 cables of a few KB each, with room to spare.
MAX_BODY_BYTES = 64 * 1024 * 1024


@login_not_required
@csrf_exempt
@require_POST
def receive_messages(request: HttpRequest) -> HttpResponse:
    """``POST /exchange/v1/messages``: a peer's signed push (see ``exchange.wire``)."""
    try:
        if int(request.headers.get("Content-Length") or 0) > MAX_BODY_BYTES:
            raise Problem(413)
        body = request.body
        peer = inbox.authenticate(dict(request.headers), body)
        try:
            document = json.loads(body)
        except ValueError:
            raise Problem(400, _("The body is not JSON.")) from None
        answer = inbox.accept(peer, inbox.parse(peer, document))
    except Problem as problem:
        return problem_response(request, problem)
    return JsonResponse(answer)


@role_required(Role.ADMIN)
@require_safe
def status(request: HttpRequest) -> HttpResponse:
    """``/exchange/``: each peer's queue, sequence numbers and errors; recent messages."""
    return render(
        request,
        "exchange/status.html",
        {
            "peers": queries.peer_statuses(),
            "outbound": queries.recent_outbound(),
            "inbound": queries.recent_inbound(),
        },
    )


@role_required(Role.ADMIN)
@require_POST
def push_now(request: HttpRequest, code: str) -> HttpResponse:
    """``POST /exchange/peers/<code>/push/``: queue an immediate push of that peer."""
    peer = get_object_or_404(Peer, code=code)
    actions.push_now(request.user, peer)  # type: ignore[arg-type]
    flash.success(request, _("A push to %(peer)s is queued.") % {"peer": peer.name})
    return redirect("exchange:status")
