"""The public verification page: anyone checks a document the ministry issued, by its code.

No sign-in, no JavaScript needed, nothing stored: an uploaded copy is compared with the issued
revisions by digest and validated in memory. Classified documents show their issuer and
status only. Uploads are rate limited per client address.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from chancery.lib.throttle import within_limit
from chancery.signing.codes import ALPHABET, normalise
from chancery.signing.exceptions import InvalidPdf
from chancery.signing.forms import PublicUploadForm, VerifyCodeForm, read_upload
from chancery.signing.queries.documents import PublicRecord, match_upload, public_record
from chancery.signing.queries.validation import validate

# Uploads per client address (IPv6 by /64) per window; validation is CPU-heavy.
UPLOADS_PER_WINDOW = 10
WINDOW_SECONDS = 600


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    # The shell then speaks to the public, not to staff (header label, footer notice).
    return render(request, template, {**context, "public_page": True}, status=status)


def upload_allowed(request: HttpRequest) -> bool:
    """Count one upload from the caller's address; ``False`` once over the window's limit.

    A fixed window in Django's cache (``add`` then ``incr`` are atomic in every shared cache
    backend). See the report: the API's PostgreSQL counter should move to core and be used here.
    """
    return within_limit("verify-upload", request, limit=UPLOADS_PER_WINDOW, seconds=WINDOW_SECONDS)


def code_problem(text: str) -> str:
    """Why ``text`` is not a verification code, for the person who typed it."""
    cleaned = "".join(ch for ch in text.upper() if ch not in "- ").replace("O", "0")
    cleaned = cleaned.replace("I", "1").replace("L", "1")
    if len(cleaned) == 12 and all(symbol in ALPHABET for symbol in cleaned):
        return _("This code contains a typing error. Compare it with the code on the document.")
    return _("A verification code has twelve letters and digits, e.g. 7KQM-4XT2-9BZ5.")


@require_http_methods(["GET"])
def verify_index(request: HttpRequest) -> HttpResponse:
    """The code form; a typed code goes to its page, or the form says what is wrong."""
    if "code" not in request.GET:
        return _render(request, "verify/index.html", {"form": VerifyCodeForm()})
    form = VerifyCodeForm(request.GET)
    status = 200
    if form.is_valid():
        canonical = normalise(form.cleaned_data["code"])
        if canonical is None:
            form.add_error("code", code_problem(form.cleaned_data["code"]))
        elif public_record(canonical) is None:
            form.add_error("code", _("No document was issued with this code."))
            status = 404
        else:
            return HttpResponseRedirect(reverse("verify:code", args=[canonical]))
    return _render(request, "verify/index.html", {"form": form}, status=status)


def _upload_result(request: HttpRequest, code: str) -> dict[str, Any]:
    form = PublicUploadForm(request.POST, request.FILES)
    if not upload_allowed(request):
        form.add_error(
            None,
            _("Too many files were checked from your network. Try again in %(minutes)s minutes.")
            % {"minutes": WINDOW_SECONDS // 60},
        )
        return {"upload_form": form, "status": 429}
    if not form.is_valid():
        return {"upload_form": form, "status": 400}
    data = read_upload(form.cleaned_data["file"])
    try:
        report = validate(data, actor=None, purpose="public_validate")
    except InvalidPdf as refusal:
        form.add_error("file", str(refusal.message))
        return {"upload_form": form, "status": 400}
    return {"upload_form": PublicUploadForm(), "match": match_upload(code, data), "report": report}


@require_http_methods(["GET", "POST"])
def verify_code(request: HttpRequest, code: str) -> HttpResponse:
    """What was issued under ``code``, and (POST) whether an uploaded copy is that document."""
    canonical = normalise(code)
    if canonical is None:
        form = VerifyCodeForm({"code": code})
        form.is_valid()
        form.add_error("code", code_problem(code))
        return _render(request, "verify/index.html", {"form": form}, status=404)
    if canonical != code:
        return HttpResponseRedirect(reverse("verify:code", args=[canonical]))
    record: PublicRecord | None = public_record(canonical)
    if record is None:
        return _render(request, "verify/unknown.html", {"code": canonical}, status=404)
    context: dict[str, Any] = {"record": record, "upload_form": PublicUploadForm()}
    status = 200
    # A classified record confirms nothing about a copy: comparing would reveal its content.
    if request.method == "POST" and not record.withheld:
        context.update(_upload_result(request, canonical))
        status = int(context.pop("status", 200))
    return _render(request, "verify/record.html", context, status=status)
