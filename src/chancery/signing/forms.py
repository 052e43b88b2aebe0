"""Forms of the signing workspace and the public verification page.

Each form only parses and checks input; the views hand the cleaned data to one action or
query. Choices that depend on the person (their certificates, their clearance, their unit)
are given when the form is built, so a forged POST cannot pick anything outside them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from chancery.core.forms.uswds import UswdsForm
from chancery.core.service import Clearance, Unit, User
from chancery.signing.constants import PadesLevel
from chancery.signing.models import AppearanceProfile, Certificate, SignedDocument

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The public page accepts smaller files than staff pages: anyone may post to it.
PUBLIC_UPLOAD_CAP = 20 * 1024 * 1024
# Suggested document types (slugs); appearance profiles add their own.
DOCUMENT_TYPES = ("cong-van", "quyet-dinh", "giay-chung-nhan", "cong-ham", "thong-bao")
PDF_ACCEPT = "application/pdf,.pdf"


def staff_upload_limit() -> int:
    return int(settings.CHANCERY_UPLOAD_MAX_BYTES)


def public_upload_limit() -> int:
    return min(staff_upload_limit(), PUBLIC_UPLOAD_CAP)


def read_upload(upload: UploadedFile[Any]) -> bytes:
    """The whole uploaded file (already size-checked by the form)."""
    return b"".join(upload.chunks())


def _check_size(upload: UploadedFile[Any], limit: int) -> UploadedFile[Any]:
    if upload.size is not None and upload.size > limit:
        raise forms.ValidationError(
            _("The file is larger than %(limit)s."),
            code="too_large",
            params={"limit": filesizeformat(limit)},
        )
    return upload


def document_type_suggestions() -> list[str]:
    profiles = AppearanceProfile.objects.values_list("document_type", flat=True).distinct()
    return sorted({*DOCUMENT_TYPES, *profiles})


def pin_field() -> forms.CharField:
    return forms.CharField(
        label=_("PIN of the signing key"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )


def level_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("PAdES level"),
        choices=PadesLevel.choices,
        initial=PadesLevel.B_LTA,
        help_text=_(
            "B-LTA keeps the signature verifiable for decades; use it unless told otherwise."
        ),
    )


class CertificateChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, Certificate)
        return f"{obj.common_name} · {obj.get_role_display()} · {obj.not_after:%d/%m/%Y}"


def certificate_field(certificates: QuerySet[Certificate]) -> CertificateChoiceField:
    return CertificateChoiceField(
        label=_("Certificate"),
        queryset=certificates,
        empty_label=None,
        error_messages={"invalid_choice": _("You may not sign with this certificate.")},
    )


class VerifyCodeForm(UswdsForm):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_("Twelve letters and digits printed under the QR code, e.g. 7KQM-4XT2-9BZ5."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class PublicUploadForm(UswdsForm):
    file = forms.FileField(
        label=_("Your copy (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": PDF_ACCEPT}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("A PDF file of at most %(limit)s. It is not kept.") % {
            "limit": filesizeformat(public_upload_limit())
        }

    def clean_file(self) -> UploadedFile[Any]:
        return _check_size(self.cleaned_data["file"], public_upload_limit())


class ValidateForm(UswdsForm):
    file = forms.FileField(
        label=_("Signed PDF to check"),
        widget=forms.ClearableFileInput(attrs={"accept": PDF_ACCEPT}),
    )

    def clean_file(self) -> UploadedFile[Any]:
        return _check_size(self.cleaned_data["file"], staff_upload_limit())


def issuer_units(user: User) -> list[Unit]:
    """The units ``user`` may issue in the name of: their own and the units above it."""
    units: list[Unit] = []
    unit = user.unit
    while unit is not None and len(units) < 10:
        units.append(unit)
        unit = unit.parent
    return units


def classification_choices(user: User) -> list[tuple[int, StrOrPromise]]:
    return [(value, label) for value, label in Clearance.choices if value <= user.clearance]


class IssueFieldsMixin(forms.Form):
    """What a first signature says about the document: type, issuer, classification."""

    document_type = forms.SlugField(
        label=_("Document type"),
        max_length=40,
        help_text=_("A short name in lower case, e.g. cong-van or quyet-dinh."),
        widget=forms.TextInput(attrs={"list": "document-types", "autocomplete": "off"}),
    )
    issuer_unit = forms.TypedChoiceField(label=_("Issued by"), coerce=int)
    classification = forms.TypedChoiceField(
        label=_("Classification"), coerce=int, initial=Clearance.UNCLASSIFIED
    )

    def setup_issue_fields(self, user: User) -> None:
        issuer = self.fields["issuer_unit"]
        assert isinstance(issuer, forms.TypedChoiceField)
        issuer.choices = [(unit.pk, unit.name) for unit in issuer_units(user)]
        if user.unit_id is not None:
            issuer.initial = user.unit_id
        classification = self.fields["classification"]
        assert isinstance(classification, forms.TypedChoiceField)
        classification.choices = classification_choices(user)


class SignForm(IssueFieldsMixin, UswdsForm):
    file = forms.FileField(
        label=_("PDF to sign"), widget=forms.ClearableFileInput(attrs={"accept": PDF_ACCEPT})
    )
    public_number = forms.CharField(label=_("Number and symbol"), max_length=60, required=False)
    public_title = forms.CharField(
        label=_("Title shown on the verification page"), max_length=300, required=False
    )

    field_order = [
        "file",
        "certificate",
        "level",
        "document_type",
        "issuer_unit",
        "public_number",
        "public_title",
        "classification",
        "pin",
    ]

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        from chancery.signing.queries.pki import certificates_for

        super().__init__(*args, **kwargs)
        self.fields["certificate"] = certificate_field(certificates_for(user))
        self.fields["level"] = level_field()
        self.fields["pin"] = pin_field()
        self.setup_issue_fields(user)
        self.order_fields(self.field_order)

    def clean_file(self) -> UploadedFile[Any]:
        return _check_size(self.cleaned_data["file"], staff_upload_limit())


class CountersignForm(UswdsForm):
    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        from chancery.signing.queries.pki import certificates_for

        kwargs.setdefault("prefix", "countersign")
        super().__init__(*args, **kwargs)
        self.fields["certificate"] = certificate_field(certificates_for(user))
        self.fields["level"] = level_field()
        self.fields["pin"] = pin_field()


class RevokeForm(UswdsForm):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        max_length=2000,
        help_text=_("Shown on the public verification page."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "revoke")
        super().__init__(*args, **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": PDF_ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile[Any]]:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class DocumentChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, SignedDocument)
        return f"{obj.public_number or obj.verification_code} · {obj.public_title}"


class BatchForm(IssueFieldsMixin, UswdsForm):
    """New PDFs to sign, or documents of yours to countersign, with one PIN entry."""

    pdfs = MultipleFileField(label=_("PDFs to sign"), required=False)

    def __init__(
        self, user: User, documents: QuerySet[SignedDocument], *args: Any, **kwargs: Any
    ) -> None:
        from chancery.signing.queries.pki import certificates_for

        super().__init__(*args, **kwargs)
        self.fields["documents"] = DocumentChoiceField(
            label=_("Or documents to countersign"),
            queryset=documents,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["certificate"] = certificate_field(certificates_for(user))
        self.fields["level"] = level_field()
        self.fields["pin"] = pin_field()
        self.setup_issue_fields(user)
        # Only new documents need a type; countersignatures keep the document's own.
        self.fields["document_type"].required = False
        self.order_fields(
            [
                "pdfs",
                "documents",
                "document_type",
                "issuer_unit",
                "classification",
                "certificate",
                "level",
                "pin",
            ]
        )

    def clean_pdfs(self) -> list[UploadedFile[Any]]:
        files: list[UploadedFile[Any]] = self.cleaned_data.get("pdfs") or []
        limit = int(settings.CHANCERY_SIGNING_MAX_BATCH)
        if len(files) > limit:
            raise forms.ValidationError(
                _("A batch holds at most %(max)s documents."), params={"max": limit}
            )
        return [_check_size(upload, staff_upload_limit()) for upload in files]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        files, documents = data.get("pdfs") or [], data.get("documents") or []
        if not files and not documents and not self.errors:
            raise forms.ValidationError(_("Choose PDFs to sign or documents to countersign."))
        if files and documents:
            raise forms.ValidationError(
                _("A batch either signs new PDFs or countersigns documents, not both.")
            )
        if files and not data.get("document_type") and "document_type" not in self.errors:
            self.add_error("document_type", _("Give the type of the new documents."))
        return data
