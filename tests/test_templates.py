"""The small shared includes render what the pages rely on."""

import re

from django import forms
from django.template.loader import render_to_string

from doctors.models import DoctorProfile


class CityForm(forms.Form):
    city = forms.CharField(label="City", help_text="Where you live.", max_length=5)


def test_form_field_ties_its_label_help_and_errors_to_the_widget():
    html = render_to_string("includes/form_field.html", {"field": CityForm(data={"city": "Toronto"})["city"]})
    assert '<label class="form-label" for="id_city">City</label>' in html
    described_by = re.search(r'aria-describedby="([^"]+)"', html).group(1).split()
    for element_id in described_by:
        assert f'id="{element_id}"' in html
    assert "id_city_error" in described_by and "id_city_helptext" in described_by
    assert 'aria-invalid="true"' in html
    assert "at most 5 characters" in html


def test_form_field_without_errors_shows_no_error_box():
    html = render_to_string("includes/form_field.html", {"field": CityForm()["city"]})
    assert "invalid-feedback" not in html and "aria-invalid" not in html


def test_doctor_name_links_the_profile_with_the_badge_of_a_verified_doctor_only():
    from datetime import timedelta

    from django.utils import timezone

    from doctors.templatetags.doctors import doctor_name
    from moderation.templatetags.moderation import report_link
    from questions.models import PostStatus, Question

    verified = DoctorProfile(
        name="Ada <Lee>", slug="ada-lee", verification_status=DoctorProfile.Verification.VERIFIED
    )
    pending = DoctorProfile(name="Bo", slug="bo", verification_status=DoctorProfile.Verification.PENDING)
    html = doctor_name(verified)
    assert html.startswith('<a class="doctor-name" href="/doctors/ada-lee/">Dr Ada &lt;Lee&gt;</a>')
    assert "Verified doctor" in html
    assert "badge" not in doctor_name(pending)
    verified.verified_at = timezone.now() - timedelta(days=10_000)
    assert "Verification expired" in doctor_name(verified)
    published = Question(pk=7, status=PostStatus.PUBLISHED)
    assert 'href="/moderation/report/question/7/"' in report_link("question", published)
    assert "this question" in report_link("question", published)
    assert report_link("question", Question(pk=8, status=PostStatus.PENDING)) == ""
