from django import forms
from django.utils.translation import gettext_lazy as _

from doctors.portraits import MAX_BYTES, portrait_process
from questions.models import City, Topic


class DoctorApplicationForm(forms.Form):
    name = forms.CharField(label=_("Name as shown (without “Dr”)"), max_length=100)
    specialty = forms.CharField(label=_("Specialty"), max_length=100)
    licence_number = forms.CharField(label=_("Licence number"), max_length=50)
    licensing_body = forms.CharField(
        label=_("Licensing body"),
        max_length=150,
        help_text=_("e.g. College of Physicians and Surgeons of Alberta"),
    )
    clinic = forms.CharField(label=_("Clinic (optional)"), max_length=150, required=False)
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

    def clean_portrait(self):
        upload = self.cleaned_data.get("portrait")
        if not upload:
            return None
        return portrait_process(upload)


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
