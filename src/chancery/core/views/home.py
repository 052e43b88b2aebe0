from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chancery.core.queries.workspace import workspace_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The workspace dashboard: who you are here, what needs you, where to go."""
    workspace = workspace_for(request.user)  # type: ignore[arg-type]
    return render(request, "core/home.html", {"workspace": workspace})
