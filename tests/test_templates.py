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


def test_doctor_badge_only_for_verified_doctors():
    verified = DoctorProfile(verification_status=DoctorProfile.Verification.VERIFIED)
    pending = DoctorProfile(verification_status=DoctorProfile.Verification.PENDING)
    assert "Verified doctor" in render_to_string("includes/doctor_badge.html", {"doctor": verified})
    assert render_to_string("includes/doctor_badge.html", {"doctor": pending}).strip() == ""
