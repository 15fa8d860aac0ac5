from django import forms
from django.utils.translation import gettext_lazy as _

ANSWER_MAX_LENGTH = 20000
REPLY_MAX_LENGTH = 5000


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Your answer"),
        max_length=ANSWER_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Markdown: **bold**, *italic*, lists, links. Preview before you publish."),
        error_messages={"required": _("Please write your answer before publishing.")},
    )
    disclosure = forms.CharField(
        label=_("Disclosure for this answer (optional)"),
        max_length=500,
        required=False,
        strip=True,
        help_text=_(
            "Anything readers should know about your interests in this answer, e.g. “I am paid to "
            "speak for the maker of this product.” Your profile's disclosure is shown too."
        ),
        error_messages={"max_length": _("Please keep the disclosure under %(limit_value)d characters.")},
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=REPLY_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Please write your reply.")},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        # A hidden field's error is not shown beside it; say it where the reader sees it.
        if "parent" in self.errors:
            self.add_error(None, _("The reply you answered is no longer there."))
        return super().clean()


class AgreementForm(forms.Form):
    comment = forms.CharField(
        label=_("One-line comment (optional)"),
        max_length=200,
        required=False,
        strip=True,
    )
