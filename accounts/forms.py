from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from trust.services.consents import ANSWER_EMAILS_WORDING, Kind, user_consent_record


def _clean_display_name(value):
    value = value.strip()
    if "@" in value:
        raise forms.ValidationError(_("Please choose a name that is not an email address."))
    return value


class SignupForm(forms.Form):
    """Extra sign-up fields for allauth (ACCOUNT_SIGNUP_FORM_CLASS): the public display name,
    and the answer-emails consent, recorded in the consent ledger with its exact wording."""

    display_name = forms.CharField(
        label=_("Public display name"),
        max_length=40,
        help_text=_("A first name or a pseudonym. Never your full name or email."),
    )

    # Unticked: consent is something the person does, never something they must undo.
    wants_answer_emails = forms.BooleanField(label=ANSWER_EMAILS_WORDING, required=False, initial=False)

    def clean_display_name(self):
        return _clean_display_name(self.cleaned_data["display_name"])

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.wants_answer_emails = self.cleaned_data["wants_answer_emails"]
        user.save(update_fields=["display_name", "wants_answer_emails"])
        if user.wants_answer_emails:
            user_consent_record(kind=Kind.ANSWER_EMAILS, user=user, source_page=request.path)


class AccountSettingsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "wants_answer_emails"]

    def clean_display_name(self):
        return _clean_display_name(self.cleaned_data["display_name"])


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(label=_("I understand this cannot be undone"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password
