"""Workspace views of drafting and issuing: the new-draft page, and the drafting section of
an outgoing document's page with its forms (new version, review comment, consultation, submit,
approve, send back, issue with a PIN).

The forms post to one view per action. A refusal or an invalid form shows the document page
again with the form's errors (status 400, 403, 409 or 422); success redirects to the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from chancery.blobs import service as blobs
from chancery.core.service import User, can
from chancery.documents.actions import drafting as actions
from chancery.documents.actions.issuing import issue_document
from chancery.documents.constants import Direction, Status
from chancery.documents.exceptions import DocumentError, NotAllowed
from chancery.documents.forms import drafting as forms
from chancery.documents.queries import drafting as queries
from chancery.documents.queries.documents import get_document_for_user
from chancery.documents.views.common import PanelForms

if TYPE_CHECKING:
    from chancery.documents.models import Document

PANEL_FORMS = "_drafting_forms"
FORMS = PanelForms(PANEL_FORMS, anchor="drafting", file_field="file")


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@login_required
@require_http_methods(["GET", "POST"])
def draft_new(request: HttpRequest) -> HttpResponse:
    """Start an outgoing draft: type, abstract, urgency, classification, recipients, reply."""
    user = _user(request)
    if not actions.may_start_draft(user):
        raise PermissionDenied
    replies = queries.replies_possible(user)[:200]
    form = forms.DraftForm(user, request.POST or None, request.FILES or None, replies=replies)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = actions.create_draft(
                user,
                document_type=data["document_type"],
                subject=data["subject"],
                urgency=data["urgency"],
                classification=data["classification"],
                recipients=form.recipients(),
                in_reply_to=data["in_reply_to"],
            )
            if data["file"] is not None:
                _upload(user, document, data["file"], "")
        except (DocumentError, blobs.UploadRefused) as exc:
            form.add_error(None, str(getattr(exc, "message", exc)))
            status = getattr(exc, "status", 422)
        else:
            messages.success(request, _("The draft was created."))
            return HttpResponseRedirect(reverse("documents:detail", kwargs={"pk": document.pk}))
    elif request.method == "POST":
        status = 400
    return render(request, "documents/drafting/new.html", {"form": form}, status=status)


def _upload(user: User, document: Document, upload: Any, note: str) -> object:
    document.refresh_from_db(fields=["version"])
    return actions.upload_version(
        user,
        document,
        data=upload.read(),
        filename=upload.name,
        content_type=upload.content_type,
        note=note,
        version=document.version,
    )


# The document page's section ----------------------------------------------------------------


def panel(request: HttpRequest, document: Document) -> dict[str, object] | None:
    """Versions and comments, the approval chain, recipients, and the forms the user may use."""
    if document.direction != Direction.OUTGOING:
        return None
    user = _user(request)
    bound: dict[str, Any] = getattr(request, PANEL_FORMS, {})
    versions = queries.versions_of(document)
    initial = {"version": document.version}
    status = document.status
    may_draft = can(user, "draft", document)
    step = actions.pending_step(document) if status == Status.IN_REVIEW else None
    deciding = step is not None and step.approver_id == user.pk
    signer = actions.final_signer(document) if status == Status.APPROVED else None

    def form(key: str, cls: type[Any], shown: bool, **kw: Any) -> Any:
        # A posted form comes back with its errors even when the step is no longer the user's.
        if key in bound:
            return bound[key]
        return cls(initial=initial, prefix=key, **kw) if shown else None

    editing = status == Status.DRAFTING and may_draft
    reviewing = status in (Status.DRAFTING, Status.IN_REVIEW)
    return {
        "versions": versions,
        "rounds": queries.approval_rounds(document),
        "recipients": queries.recipients_of(document),
        "may_resolve": may_draft,
        "version_form": form("version", forms.UploadVersionForm, editing),
        "comment_form": form(
            "comment",
            forms.ReviewCommentForm,
            bool(versions) and reviewing and can(user, "review_draft", document),
        ),
        "consult_form": form(
            "consult", forms.ConsultForm, reviewing and may_draft, document=document
        ),
        "submit_form": form(
            "submit",
            forms.SubmitForm,
            editing and bool(versions) and document.created_by_id == user.pk,
            eligible=actions.eligible_approvers(document),
        ),
        "approve_form": form("approve", forms.ApproveForm, deciding),
        "send_back_form": form("send_back", forms.SendBackForm, deciding),
        "issue_form": form(
            "issue", forms.IssueForm, signer is not None and signer.pk == user.pk, user=user
        ),
    }


# Posting the forms --------------------------------------------------------------------------


@login_required
@require_POST
def draft_version(request: HttpRequest, pk: str) -> HttpResponse:
    user, document = _user(request), get_document_for_user(request.user, pk)
    form = forms.UploadVersionForm(request.POST, request.FILES, prefix="version")

    def run(data: dict[str, Any]) -> object:
        upload = data["file"]
        return actions.upload_version(
            user,
            document,
            data=upload.read(),
            filename=upload.name,
            content_type=upload.content_type,
            note=data["note"],
            version=data["version"],
        )

    return FORMS.act(request, document, "version", form, run, _("The new version was uploaded."))


@login_required
@require_POST
def draft_comment(request: HttpRequest, pk: str) -> HttpResponse:
    user, document = _user(request), get_document_for_user(request.user, pk)
    form = forms.ReviewCommentForm(request.POST, prefix="comment")

    def run(data: dict[str, Any]) -> object:
        return actions.add_comment(
            user, document, body=data["body"], quote=data["quote"], version=None
        )

    return FORMS.act(request, document, "comment", form, run, _("Your comment was added."))


@login_required
@require_POST
def draft_comment_resolve(request: HttpRequest, pk: str, comment_pk: int) -> HttpResponse:
    user = _user(request)
    comment = queries.get_comment_for_user(user, pk, comment_pk)
    try:
        actions.resolve_comment(user, comment)
    except (NotAllowed, DocumentError) as exc:
        messages.error(request, str(exc.message))
        return HttpResponseRedirect(reverse("documents:detail", kwargs={"pk": pk}) + "#drafting")
    messages.success(request, _("The comment is resolved."))
    return HttpResponseRedirect(reverse("documents:detail", kwargs={"pk": pk}) + "#drafting")


@login_required
@require_POST
def draft_consult(request: HttpRequest, pk: str) -> HttpResponse:
    user, document = _user(request), get_document_for_user(request.user, pk)
    form = forms.ConsultForm(request.POST, prefix="consult", document=document)

    def run(data: dict[str, Any]) -> object:
        return actions.request_opinion(user, document, unit=data["unit"], body=data["body"])

    return FORMS.act(
        request, document, "consult", form, run, _("The unit was asked for its opinion.")
    )


@login_required
@require_POST
def draft_submit(request: HttpRequest, pk: str) -> HttpResponse:
    user, document = _user(request), get_document_for_user(request.user, pk)
    eligible = actions.eligible_approvers(document)
    form = forms.SubmitForm(request.POST, prefix="submit", eligible=eligible)

    def run(data: dict[str, Any]) -> object:
        return actions.submit_for_approval(
            user,
            document,
            unit_head=data["unit_head"],
            leader=data["leader"],
            version=data["version"],
        )

    return FORMS.act(request, document, "submit", form, run, _("The draft was sent for approval."))


@login_required
@require_POST
def draft_approve(request: HttpRequest, pk: str) -> HttpResponse:
    user, document = _user(request), get_document_for_user(request.user, pk)
    form = forms.ApproveForm(request.POST, prefix="approve")

    def run(data: dict[str, Any]) -> object:
        return actions.approve(user, document, version=data["version"])

    return FORMS.act(request, document, "approve", form, run, _("You approved the draft."))


@login_required
@require_POST
def draft_send_back(request: HttpRequest, pk: str) -> HttpResponse:
    user, document = _user(request), get_document_for_user(request.user, pk)
    form = forms.SendBackForm(request.POST, prefix="send_back")

    def run(data: dict[str, Any]) -> object:
        return actions.send_back(user, document, reason=data["reason"], version=data["version"])

    return FORMS.act(request, document, "send_back", form, run, _("The draft was sent back."))


@login_required
@require_POST
def draft_issue(request: HttpRequest, pk: str) -> HttpResponse:
    user, document = _user(request), get_document_for_user(request.user, pk)
    form = forms.IssueForm(request.POST, prefix="issue", user=user)

    def run(data: dict[str, Any]) -> object:
        if data["version"] != document.version:
            from chancery.documents.exceptions import StaleVersion

            raise StaleVersion()
        return issue_document(
            user,
            document,
            certificate=data["certificate"],
            pin=data["pin"],
            seal_certificate=data["seal_certificate"],
            seal_pin=data["seal_pin"] or None,
        )

    return FORMS.act(
        request, document, "issue", form, run, _("The document was signed and issued.")
    )


urlpatterns: list[URLPattern] = [
    path("drafts/new/", draft_new, name="draft-new"),
    path("<uuid:pk>/drafting/version/", draft_version, name="draft-version"),
    path("<uuid:pk>/drafting/comment/", draft_comment, name="draft-comment"),
    path(
        "<uuid:pk>/drafting/comments/<int:comment_pk>/resolve/",
        draft_comment_resolve,
        name="draft-comment-resolve",
    ),
    path("<uuid:pk>/drafting/consult/", draft_consult, name="draft-consult"),
    path("<uuid:pk>/drafting/submit/", draft_submit, name="draft-submit"),
    path("<uuid:pk>/drafting/approve/", draft_approve, name="draft-approve"),
    path("<uuid:pk>/drafting/send-back/", draft_send_back, name="draft-send-back"),
    path("<uuid:pk>/drafting/issue/", draft_issue, name="draft-issue"),
]
