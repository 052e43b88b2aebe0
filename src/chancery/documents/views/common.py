"""What every documents view shares: the panel protocol of the document page, and running a
panel's form through an action with its refusal shown on the form."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from chancery.blobs import service as blobs
from chancery.documents.exceptions import DocumentError, NotAllowed

if TYPE_CHECKING:
    from chancery.documents.models import Document


class Panel(Protocol):
    """A section of the document page contributed by one area (intake, handling, drafting,
    records): the context of its template ``documents/panels/<area>.html``, or ``None`` to
    leave the section out."""

    def __call__(self, request: HttpRequest, document: Document) -> dict[str, object] | None: ...


def form_again(
    request: HttpRequest, document: Document, panel_forms: str, key: str, form: Any, status: int
) -> HttpResponse:
    """The document page again, with ``form`` (and its errors) in place of the blank one in
    the panel that keeps its forms under the request attribute ``panel_forms``."""
    from chancery.documents.views.detail import document_detail

    setattr(request, panel_forms, {key: form})
    request.method = "GET"
    response = document_detail(request, str(document.pk))
    response.status_code = status
    return response


@dataclass(frozen=True)
class PanelForms:
    """Where a panel keeps a posted form for redisplay, its section's anchor on the document
    page, and which field an upload refusal belongs to."""

    attribute: str
    anchor: str
    file_field: str

    def again(
        self, request: HttpRequest, document: Document, key: str, form: Any, status: int
    ) -> HttpResponse:
        return form_again(request, document, self.attribute, key, form, status)

    def act(
        self,
        request: HttpRequest,
        document: Document,
        key: str,
        form: Any,
        run: Callable[[dict[str, Any]], object],
        done: str,
        *,
        allowed: bool = True,
    ) -> HttpResponse:
        """Validate ``form``, run the action, and go back to the document page with a message;
        a refusal shows the page again with the reason on the form and the refusal's status."""
        if not allowed:
            form.is_valid()
            form.add_error(None, str(NotAllowed.message))
            return self.again(request, document, key, form, 403)
        if not form.is_valid():
            return self.again(request, document, key, form, 400)
        try:
            run(form.cleaned_data)
        except DocumentError as exc:
            form.add_error(None, str(exc.message))
            return self.again(request, document, key, form, exc.status)
        except blobs.UploadRefused as exc:
            field = self.file_field if self.file_field in form.fields else None
            form.add_error(field, str(exc))
            return self.again(request, document, key, form, 422)
        messages.success(request, done)
        return HttpResponseRedirect(
            reverse("documents:detail", kwargs={"pk": document.pk}) + f"#{self.anchor}"
        )
