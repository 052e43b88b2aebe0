"""My personal API tokens: list, create (the secret is shown once), revoke."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from chancery.core.actions.tokens import CreatedToken, create_token, revoke_token
from chancery.core.forms.tokens import TokenForm
from chancery.core.forms.uswds import add_action_errors
from chancery.core.models import User
from chancery.core.queries.tokens import get_token_for_user, tokens_of


def _me(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


# never_cache: the response that shows a new secret must not sit in any cache or history.
@never_cache
@login_required
def token_list(request: HttpRequest) -> HttpResponseBase:
    me = _me(request)
    form = TokenForm(me, request.POST or None)
    created: CreatedToken | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = create_token(
                me,
                data["name"],
                data["scopes"],
                timezone.now() + timedelta(days=data["expires_in"]),
                request=request,
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            form = TokenForm(me)
    context = {"form": form, "tokens": tokens_of(me), "created": created}
    return render(request, "core/account/tokens.html", context)


@require_POST
@login_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponseBase:
    me = _me(request)
    token = get_token_for_user(me, pk)
    revoke_token(me, token, request=request)
    messages.success(request, _("The token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("core:tokens")
