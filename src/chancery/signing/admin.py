"""Admin screens of the signing service: certificates, appearances, signed documents.

Nothing here edits a certificate or a signed document: rows are read-only, and revoking
goes through ``signing.actions`` (audited, checked) from an admin action with a reason.
Only administrators (the admin role or superusers) see these screens.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from chancery.core.service import Role, record_audit
from chancery.signing.actions.appearance import check_diameter, check_png, set_appearance
from chancery.signing.actions.pki import revoke_certificate
from chancery.signing.constants import RevocationReason
from chancery.signing.exceptions import SigningError
from chancery.signing.models import AppearanceProfile, Certificate, SignedDocument


def _is_administrator(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.is_superuser or Role.ADMIN.value in (user.roles or []))
    )


class AdministratorsOnly:
    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_administrator(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_administrator(request.user)


class ReadOnly(AdministratorsOnly):
    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CertificateReasonForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=RevocationReason.choices)


class DocumentReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea, max_length=2000)


def _ask_reason(
    modeladmin: admin.ModelAdmin,  # type: ignore[type-arg]
    request: HttpRequest,
    queryset: QuerySet[Any],
    form_class: type[forms.Form],
    action: str,
    title: str,
) -> tuple[forms.Form, HttpResponse | None]:
    form = form_class(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        return form, None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "queryset": queryset,
        "form": form,
        "action": action,
        "opts": modeladmin.model._meta,
    }
    return form, TemplateResponse(request, "admin/signing/revoke.html", context)


class CertificateAppearanceForm(forms.ModelForm):  # type: ignore[type-arg]
    """The only things an administrator edits on a certificate: how its signatures look."""

    image = forms.FileField(
        label=_("Appearance image (PNG)"),
        required=False,
        help_text=_(
            "The seal (for a seal certificate) or the handwritten signature, as a PNG with a "
            "transparent background. Leave empty to keep the current one."
        ),
    )

    class Meta:
        model = Certificate
        fields = ("seal_diameter_mm",)

    def clean_image(self) -> bytes | None:
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        data: bytes = upload.read()
        try:
            check_png(data)
        except ValueError as refusal:
            raise forms.ValidationError(str(refusal)) from refusal
        return data

    def clean_seal_diameter_mm(self) -> Any:
        value = self.cleaned_data.get("seal_diameter_mm")
        if value is not None:
            try:
                check_diameter(value)
            except ValueError as refusal:
                raise forms.ValidationError(str(refusal)) from refusal
        return value


@admin.register(Certificate)
class CertificateAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "common_name",
        "role",
        "status",
        "not_after",
        "key_storage",
        "internal",
        "trusted",
    )
    list_filter = ("role", "status", "key_storage", "internal", "trusted")
    search_fields = ("common_name", "subject", "fingerprint", "serial", "holder__username")
    date_hierarchy = "not_after"
    ordering = ("not_after",)
    list_select_related = ("holder", "unit")
    readonly_fields = (
        "role",
        "status",
        "common_name",
        "subject",
        "serial",
        "fingerprint",
        "issuer",
        "holder",
        "unit",
        "not_before",
        "not_after",
        "internal",
        "trusted",
        "key_storage",
        "key_locator",
        "pin_failures",
        "locked_until",
        "revoked_at",
        "revocation_reason",
        "crl_number",
        "pem",
    )
    form = CertificateAppearanceForm
    fields = (*readonly_fields, "appearance_image", "seal_diameter_mm", "image")
    actions = ("revoke",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return (*self.readonly_fields, "appearance_image")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Changing means the appearance only; everything else stays read-only.
        return _is_administrator(request.user)

    def save_model(self, request: HttpRequest, obj: Certificate, form: Any, change: bool) -> None:
        # The form checked the image and the diameter; the action checks again and audits.
        set_appearance(
            request.user,  # type: ignore[arg-type]
            Certificate.objects.get(pk=obj.pk),
            image_png=form.cleaned_data.get("image"),
            seal_diameter_mm=form.cleaned_data.get("seal_diameter_mm"),
        )

    @admin.action(description=_("Revoke the selected certificates"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[Certificate]) -> HttpResponse | None:
        form, page = _ask_reason(
            self, request, queryset, CertificateReasonForm, "revoke", str(_("Revoke certificates"))
        )
        if page is not None:
            return page
        done = 0
        for certificate in queryset:
            try:
                revoke_certificate(request.user, certificate, form.cleaned_data["reason"])  # type: ignore[arg-type]
                done += 1
            except (ValueError, PermissionError) as refusal:
                self.message_user(request, f"{certificate}: {refusal}", messages.ERROR)
        self.message_user(request, _("%(count)d certificates revoked.") % {"count": done})
        return None


@admin.register(AppearanceProfile)
class AppearanceProfileAdmin(AdministratorsOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "document_type",
        "kind",
        "page",
        "x_mm",
        "y_mm",
        "width_mm",
        "height_mm",
        "show_qr",
    )
    list_filter = ("kind",)
    search_fields = ("document_type",)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return _is_administrator(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_administrator(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_administrator(request.user)

    # Appearance profiles are layout settings, not guarded data: saved here, but audited.
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        record_audit(request.user, "signing.appearance_saved", obj)  # type: ignore[arg-type]

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        record_audit(request.user, "signing.appearance_deleted", obj)  # type: ignore[arg-type]
        super().delete_model(request, obj)


@admin.register(SignedDocument)
class SignedDocumentAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "verification_code",
        "public_number",
        "document_type",
        "issuer_unit",
        "status",
        "created_at",
    )
    list_filter = ("status", "document_type")
    search_fields = ("verification_code", "public_number", "public_title")
    list_select_related = ("issuer_unit",)
    actions = ("revoke",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[SignedDocument]:
        # Administering is not a clearance: the admin lists what the access model lets them see.
        return SignedDocument.objects.visible_to(request.user).select_related("issuer_unit")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in SignedDocument._meta.fields]

    @admin.action(description=_("Revoke the selected documents"))
    def revoke(
        self, request: HttpRequest, queryset: QuerySet[SignedDocument]
    ) -> HttpResponse | None:
        # The lead's action module imports the PDF engine: loaded only when used.
        from chancery.signing.actions.documents import revoke_document

        form, page = _ask_reason(
            self, request, queryset, DocumentReasonForm, "revoke", str(_("Revoke documents"))
        )
        if page is not None:
            return page
        done = 0
        for document in queryset:
            try:
                revoke_document(request.user, document, form.cleaned_data["reason"])  # type: ignore[arg-type]
                done += 1
            except (SigningError, PermissionError, ValueError) as refusal:
                self.message_user(request, f"{document}: {refusal}", messages.ERROR)
        self.message_user(request, _("%(count)d documents revoked.") % {"count": done})
        return None
