"""My delegations: who acts for me, for whom I act; create and revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chancery.core.actions import delegation as actions
from chancery.core.forms.delegation import DelegationForm
from chancery.core.forms.uswds import add_action_errors
from chancery.core.queries.delegation import delegations_of, get_delegation_for
from chancery.core.views.account import _me


@login_required
def delegation_list(request: HttpRequest) -> HttpResponseBase:
    me = _me(request)
    form = DelegationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.create_delegation(
                me, me, data["delegate"], data["start"], data["end"], data["reason"], request
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The delegation has been created."))
            return redirect("core:delegations")
    given, received = delegations_of(me)
    context = {"form": form, "given": given, "received": received}
    return render(request, "core/account/delegations.html", context)


@require_POST
@login_required
def delegation_revoke(request: HttpRequest, pk: int) -> HttpResponseBase:
    me = _me(request)
    delegation = get_delegation_for(me, pk)
    if delegation is None:
        raise Http404
    try:
        actions.revoke_delegation(me, delegation, request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The delegation has been revoked."))
    return redirect("core:delegations")
