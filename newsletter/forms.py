from django import forms
from django.utils.translation import gettext_lazy as _

CONSENT_TEXT = _(
    "Yes, email me askdoc's beauty resources, tips and news. I can unsubscribe at any time from any email."
)


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "placeholder": "you@example.com"}),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)
    # Honeypot: hidden from people and assistive technology; only bots fill it in.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    consent_text = CONSENT_TEXT

    @property
    def is_honeypot_filled(self):
        return bool(self.data.get("website", "").strip())

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
