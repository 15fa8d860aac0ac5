from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from questions.models import City, Topic
from questions.photos import photo_drafts_load, photo_process


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several photos in one input; each is decoded and re-encoded by `photo_process`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > settings.ASKDOC_PHOTOS_PER_QUESTION:
            raise ValidationError(
                _("Please choose at most %(n)d photos.") % {"n": settings.ASKDOC_PHOTOS_PER_QUESTION}
            )
        processed, errors = [], []
        for uploaded in files:
            uploaded = super().clean(uploaded, initial)
            try:
                processed.append(photo_process(uploaded))
            except ValidationError as error:
                errors.extend(f"{uploaded.name}: {message}" for message in error.messages)
        if errors:
            raise ValidationError(errors)
        return processed


class QuestionTextMixin:
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


class QuestionForm(QuestionTextMixin, forms.Form):
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
    photos = MultiplePhotoField(
        label=_("Photos (optional, up to 4)"),
        required=False,
        help_text=_("JPEG, PNG or WebP, up to 8 MB each. We remove location and camera data."),
    )
    photos_public = forms.TypedChoiceField(
        label=_("Who can see your photos?"),
        choices=[("0", _("Only doctors (and you)")), ("1", _("Everyone who reads the question"))],
        coerce=lambda value: value == "1",
        initial="0",
        widget=forms.RadioSelect,
        required=False,
    )
    form_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    photo_drafts = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)
    seen_similar = forms.BooleanField(widget=forms.HiddenInput, required=False)
    confirmed_urgent = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        """Photos kept from an earlier step are used unless new ones were chosen."""
        cleaned_data = super().clean()
        if not cleaned_data.get("photos") and cleaned_data.get("photo_drafts") and self.user is not None:
            cleaned_data["photos"] = photo_drafts_load(user=self.user, token=cleaned_data["photo_drafts"])
        return cleaned_data


class QuestionEditForm(QuestionTextMixin, forms.Form):
    title = QuestionForm.base_fields["title"]
    body = QuestionForm.base_fields["body"]
