from django import forms
from django.utils.translation import gettext_lazy as _


class ReviewDecisionForm(forms.Form):
    correction_note = forms.CharField(
        label=_("Correction readers will see (leave empty if the answer is sound)"),
        max_length=2000,
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Please keep the correction under %(limit_value)d characters.")},
    )


class InvitationForm(forms.Form):
    doctor = forms.ModelChoiceField(
        label=_("Doctor to invite"),
        queryset=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose a doctor."),
            "invalid_choice": _("That doctor cannot be invited to this question."),
        },
    )

    def __init__(self, *args, doctors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["doctor"].queryset = doctors
