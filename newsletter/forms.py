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

    consent_text = CONSENT_TEXT

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
