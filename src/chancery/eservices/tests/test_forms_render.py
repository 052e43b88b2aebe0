"""The form as the applicant sees it: accessible markup, errors linked, conditions explained."""

from __future__ import annotations

import re
from types import SimpleNamespace

from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

from chancery.eservices.forms.engine import clean
from chancery.eservices.tests.factories import SIMPLE_FORM
from chancery.eservices.tests.factories_forms import RICH_FORM, VALID


def _render(**context: object) -> str:
    return render_to_string("eservices/forms/_render.html", {"form_schema": RICH_FORM, **context})


def test_sections_are_fieldsets_with_legends_and_every_input_has_a_label() -> None:
    html = _render()
    assert '<legend class="usa-legend usa-legend--large">About you</legend>' in html
    assert '<legend class="usa-legend usa-legend--large">Request</legend>' in html
    for name in ("full_name", "email", "born_on", "copies", "notes", "other_purpose", "document"):
        assert f'<label class="usa-label" for="field-{name}">' in html, name
    # Radio and checkbox groups are fieldsets whose legend is the question
    assert re.search(r'<legend class="usa-legend">Purpose <span[^>]*>\(required\)</span>', html)
    assert '<label class="usa-radio__label" for="field-purpose">Work</label>' in html


def test_required_and_optional_are_said_in_words_and_help_is_described() -> None:
    html = _render()
    assert re.search(r'for="field-full_name">Full name <span[^>]*>\(required\)', html)
    assert re.search(r'for="field-email">E-mail <span[^>]*>\(optional\)', html)
    assert '<span class="usa-hint" id="help-full_name">As in your passport</span>' in html
    assert 'aria-describedby="help-full_name"' in html


def test_errors_are_summarised_at_the_top_with_links_to_the_fields() -> None:
    answers, errors = clean(RICH_FORM, {"copies": "many"})
    html = _render(answers=answers, errors=errors)
    summary = html.index("There is a problem")
    assert summary < html.index("About you")
    assert '<a href="#field-full_name">Answer “Full name”.</a>' in html
    assert '<a href="#field-copies">Enter a number.</a>' in html
    assert '<a href="#field-purpose">' in html
    assert 'id="field-purpose"' in html
    assert 'id="error-copies">Enter a number.</span>' in html
    assert re.search(
        r'id="field-copies"[^>]*aria-invalid="true"[^>]*aria-describedby="error-copies"', html
    )


def test_conditional_fields_are_all_rendered_with_an_only_if_hint_and_controls() -> None:
    html = _render()
    assert 'id="group-other_purpose" data-show-if="{&quot;field&quot;: &quot;purpose&quot;' in html
    assert "Only if “Purpose” is “Other”." in html
    assert "Only if “Countries” is “Germany”." in html
    assert "Only if you answered “School”." in html
    # No field is hidden by the server: without JavaScript the applicant sees them all
    assert " hidden" not in html
    assert 'aria-controls="group-other_purpose"' in html
    assert 'aria-controls="group-school"' in html
    assert "eservices/forms.js" in html


def test_script_typed_in_a_field_comes_back_escaped() -> None:
    answers, _ = clean(RICH_FORM, {**VALID, "full_name": '"><script>alert(1)</script>'})
    html = _render(answers=answers)
    assert "<script>alert(1)" not in html
    assert "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_file_slots_list_the_files_already_sent_and_offer_an_upload_button() -> None:
    sent = SimpleNamespace(filename="diploma<1>.pdf", size=2048)
    html = render_to_string(
        "eservices/forms/_render.html",
        {
            "form_schema": SIMPLE_FORM,
            "files": {"document": [sent]},
            "upload_url": "/services/upload/",
        },
    )
    assert "diploma&lt;1&gt;.pdf" in html
    assert "2.0\xa0KB" in html
    assert re.search(r'type="file" id="field-document" name="document"[^>]*multiple', html)
    assert 'formaction="/services/upload/"' in html
    assert "At most 5 files (PDF, JPEG, PNG, DOCX, ODT)." in html


def test_the_form_renders_in_french_with_english_then_vietnamese_fallback() -> None:
    with translation.override("fr"):
        html = _render()
    assert ">Vous</legend>" in html  # French title
    assert ">Request</legend>" in html  # no French: English
    assert 'for="field-full_name">Nom complet' in html


def test_render_form_tag_renders_the_same_markup() -> None:
    template = Template("{% load eservices_forms %}{% render_form schema answers errors %}")
    html = template.render(
        Context({"schema": SIMPLE_FORM, "answers": {"purpose": "other"}, "errors": {}})
    )
    assert '<option value="other" selected>Other</option>' in html
    assert "Full name" in html
