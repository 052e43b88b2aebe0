"""The public's forms: asking a question or giving feedback, subscribing, and the staff's
answer form. Labels and errors are in the visitor's language (the URL's prefix)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chancery.portal import spam
from chancery.portal.constants import QuestionKind, QuestionStatus, SubscriptionTopic
from chancery.portal.models import QuestionTopic

INPUT = "usa-input"


class AskForm(spam.ProtectedForm):
    salt = "ask"

    kind = forms.ChoiceField(
        label=_("What would you like to send?"),
        choices=QuestionKind.choices,
        initial=QuestionKind.QUESTION,
        widget=forms.RadioSelect,
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=QuestionTopic.objects.all(),
        empty_label=_("- Choose a topic -"),
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": INPUT, "autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send the acknowledgement and the answer to this address."),
        widget=forms.EmailInput(attrs={"class": INPUT, "autocomplete": "email"}),
    )
    subject = forms.CharField(
        label=_("Subject"), max_length=200, widget=forms.TextInput(attrs={"class": INPUT})
    )
    body = forms.CharField(
        label=_("Your message"),
        max_length=5000,
        help_text=_("At most 5,000 characters and two links."),
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 8}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the Ministry processes my name and e-mail address to answer this "
            "message. A question may be published with its answer, without my name or address."
        ),
        error_messages={"required": _("We can only answer if you agree to this.")},
    )

    def clean_name(self) -> str:
        return _no_links(self.cleaned_data["name"])

    def clean_subject(self) -> str:
        return _no_links(self.cleaned_data["subject"])

    def clean_body(self) -> str:
        body = str(self.cleaned_data["body"]).strip()
        if spam.count_links(body) > spam.MAX_LINKS:
            raise forms.ValidationError(
                _("Your message contains too many links (at most %(links)s)."),
                params={"links": spam.MAX_LINKS},
            )
        return body


def _no_links(value: str) -> str:
    if spam.count_links(value):
        raise forms.ValidationError(_("Links are not accepted in this field."))
    return value.strip()


class SubscribeForm(spam.ProtectedForm):
    salt = "subscribe"

    email = forms.EmailField(
        label=_("Your e-mail address"),
        widget=forms.EmailInput(attrs={"class": INPUT, "autocomplete": "email"}),
    )
    topic = forms.ChoiceField(
        label=_("What would you like to receive?"),
        choices=SubscriptionTopic.choices,
        initial=SubscriptionTopic.NEWSLETTER,
        widget=forms.RadioSelect,
    )
    country = forms.ChoiceField(
        label=_("Country (for the travel advisory of one country)"),
        required=False,
        widget=forms.Select(attrs={"class": "usa-select"}),
    )

    def __init__(self, *args: Any, countries: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country = self.fields["country"]
        assert isinstance(country, forms.ChoiceField)
        country.choices = [("", _("- Choose a country -")), *countries]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("topic") == SubscriptionTopic.ADVISORY and not data.get("country"):
            self.add_error("country", _("Choose the country whose advisory you want."))
        return data


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"),
        max_length=10000,
        help_text=_("E-mailed to the sender in their language; shown on the portal if published."),
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 10}),
    )
    publish = forms.BooleanField(
        label=_("Publish the question and this answer on the portal (without name or address)"),
        required=False,
    )


class QueueFilter(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Open (received or assigned)")), *QuestionStatus.choices],
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        required=False,
        queryset=QuestionTopic.objects.all(),
        empty_label=_("All topics"),
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
