from django import forms
from django.utils.translation import gettext_lazy as _

from doctors.models import DoctorProfile
from doctors.portraits import MAX_BYTES, portrait_process
from questions.models import City, Topic


class DisclosureFieldsMixin(forms.Form):
    """What a doctor tells readers about their interests and licence region; shown with every answer."""

    licensed_in = forms.CharField(
        label=_("Licensed in (province or region, optional)"),
        max_length=100,
        required=False,
        help_text=_("Leave empty to take it from your licensing body, e.g. “Alberta”."),
    )
    treatment_interest = forms.ChoiceField(
        label=_("Do you perform or sell the treatments you answer about?"),
        choices=DoctorProfile.TreatmentInterest.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Please choose one of the answers listed.")},
    )
    clinic = forms.CharField(label=_("Clinic (optional)"), max_length=150, required=False)
    clinic_url = forms.URLField(
        label=_("Clinic website (optional)"),
        max_length=200,
        required=False,
        assume_scheme="https",
        help_text=_("An answer that links to this website is marked as linking to your own clinic."),
        error_messages={"invalid": _("Please enter a web address, e.g. https://clinic.example.")},
    )
    disclosure_note = forms.CharField(
        label=_("Anything else readers should know about your interests (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. “I am a paid consultant for the maker of this laser.” Shown with every answer."),
        error_messages={"max_length": _("Please keep the disclosure under %(limit_value)d characters.")},
    )


class DoctorApplicationForm(DisclosureFieldsMixin, forms.Form):
    name = forms.CharField(label=_("Name as shown (without “Dr”)"), max_length=100)
    specialty = forms.CharField(label=_("Specialty"), max_length=100)
    licence_number = forms.CharField(label=_("Licence number"), max_length=50)
    licensing_body = forms.CharField(
        label=_("Licensing body"),
        max_length=150,
        help_text=_("e.g. College of Physicians and Surgeons of Alberta"),
    )
    city = forms.ModelChoiceField(label=_("City (optional)"), queryset=City.objects.all(), required=False)
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics you answer"),
        queryset=Topic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    bio = forms.CharField(
        label=_("Short bio (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    portrait = forms.FileField(
        label=_("Portrait (optional)"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)},
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    wants_daily_digest = forms.BooleanField(
        label=_("Email me a daily digest of new questions in my topics"), required=False
    )

    field_order = [
        "name",
        "specialty",
        "licence_number",
        "licensing_body",
        "licensed_in",
        "clinic",
        "clinic_url",
        "treatment_interest",
        "disclosure_note",
    ]

    def clean_portrait(self):
        upload = self.cleaned_data.get("portrait")
        if not upload:
            return None
        return portrait_process(upload)


class DoctorDisclosureForm(DisclosureFieldsMixin, forms.Form):
    """A doctor's own profile page: their disclosure. The licence region is theirs to set
    until staff verify the licence; after that it is part of what staff checked."""

    def __init__(self, *args, doctor, **kwargs):
        initial = {name: getattr(doctor, name) for name in self.base_fields}
        super().__init__(*args, initial=initial, **kwargs)
        if doctor.verification_status in (
            DoctorProfile.Verification.VERIFIED,
            DoctorProfile.Verification.WITHDRAWN,
        ):
            del self.fields["licensed_in"]


class DashboardFilterForm(forms.Form):
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        required=False,
        empty_label=_("All topics"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    city = forms.ModelChoiceField(
        label=_("City"),
        queryset=City.objects.all(),
        required=False,
        empty_label=_("All cities"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class DigestForm(forms.Form):
    wants_daily_digest = forms.BooleanField(
        label=_("Email me a daily digest of new questions in my topics"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
