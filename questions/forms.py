from django import forms
from django.utils.translation import gettext_lazy as _

from questions.models import City, Topic


class QuestionForm(forms.Form):
    title = forms.CharField(
        label=_("Your question"),
        max_length=200,
        help_text=_("One sentence, e.g. “Why am I breaking out after microneedling?”"),
    )
    body = forms.CharField(
        label=_("Details"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What happened, when, what you have tried. Leave out your name, phone number "
            "and anything else that identifies you."
        ),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose one or more."),
    )
    city = forms.ModelChoiceField(label=_("City (optional)"), queryset=City.objects.all(), required=False)
    ask_anonymously = forms.BooleanField(
        label=_("Ask anonymously (shown as “Asked by a patient”)"), required=False
    )

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if len(title) < 10:
            raise forms.ValidationError(_("Please write your question in at least 10 characters."))
        return title

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if len(body) < 20:
            raise forms.ValidationError(
                _("Please add a few details (at least 20 characters) so a doctor can help.")
            )
        return body
