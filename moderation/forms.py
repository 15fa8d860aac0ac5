from django import forms
from django.utils.translation import gettext_lazy as _

from moderation.models import Flag


class FlagForm(forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong with this post?"), choices=Flag.Reason.choices)
    note = forms.CharField(
        label=_("Anything a moderator should know (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReasonForm(forms.Form):
    """The intermediate admin page for decisions that need a reason."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=255,
        help_text=_("Recorded in the audit log; the author may see it."),
        error_messages={"required": _("Please give a reason.")},
    )
