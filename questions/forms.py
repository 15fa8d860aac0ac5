from dataclasses import replace

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from questions.models import PHOTO_CAPTION_MAX_LENGTH, City, Topic
from questions.photos import photo_drafts_load, photo_process
from questions.services import PhotoChange
from trust.services.consents import PHOTO_USE_WORDING

PHOTO_VISIBILITY_CHOICES = [
    ("doctors", _("Only doctors (and you)")),
    ("public", _("Everyone who reads the question")),
]


class PhotoField(forms.FileField):
    """One photo, decoded and re-encoded by `photo_process` (so its content, not its name, is checked)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        return photo_process(uploaded) if uploaded else None


class PhotoChoicesForm(forms.Form):
    """Who sees one photo, and its caption. Doctors-only unless the asker chooses otherwise."""

    caption = forms.CharField(
        label=_("Caption (optional)"),
        max_length=PHOTO_CAPTION_MAX_LENGTH,
        required=False,
        help_text=_("A few words, e.g. “Left cheek, two days after”. Also read aloud by screen readers."),
    )
    visibility = forms.TypedChoiceField(
        label=_("Who can see this photo?"),
        choices=PHOTO_VISIBILITY_CHOICES,
        coerce=lambda value: value == "public",
        empty_value=False,
        initial="doctors",
        widget=forms.RadioSelect,
        required=False,
        # The exact wording recorded in the consent ledger when "Everyone" is chosen.
        help_text=_("Choosing “Everyone” means: %(wording)s") % {"wording": PHOTO_USE_WORDING},
    )


class QuestionPhotoForm(PhotoChoicesForm):
    """One photo slot of the ask form: the file, then the choices for it."""

    photo = PhotoField(label=_("Photo file"), required=False)
    field_order = ["photo", "caption", "visibility"]

    def __init__(self, *args, number, **kwargs):
        super().__init__(*args, prefix=f"photo-{number}", **kwargs)
        self.number = number
        self.kept = False  # set by the view when this slot holds a photo kept for the next step

    def chosen(self, kept=None):
        """The slot's photo (new, else `kept`) with its choices, or None when the slot is empty."""
        photo = self.cleaned_data.get("photo") or kept
        if photo is None:
            if self.cleaned_data.get("caption"):
                self.add_error("caption", _("Choose a photo for this caption, or leave the caption empty."))
            return None
        return replace(
            photo, is_public=self.cleaned_data["visibility"], caption=self.cleaned_data["caption"].strip()
        )


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
    form_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    photo_drafts = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)
    seen_similar = forms.BooleanField(widget=forms.HiddenInput, required=False)
    confirmed_urgent = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, data=None, files=None, *args, user=None, **kwargs):
        super().__init__(data, files, *args, **kwargs)
        self.user = user
        self.photo_slots = []
        self.photo_forms = [
            QuestionPhotoForm(data, files, number=number)
            for number in range(1, settings.ASKDOC_PHOTOS_PER_QUESTION + 1)
        ]

    @property
    def photo_max_mb(self):
        """The size limit photo_process enforces, in MB as its error message says it."""
        return f"{settings.ASKDOC_PHOTO_MAX_BYTES / (1024 * 1024):g}"

    def clean(self):
        """Each photo slot is checked on its own (errors sit beside that photo); a slot left
        empty keeps the photo it held at an earlier step.

        cleaned_data["photos"] holds the chosen photos; cleaned_data["photo_slots"] one entry
        per slot (None where empty), for keeping them across the next step.
        """
        cleaned_data = super().clean()
        kept = []
        if cleaned_data.get("photo_drafts") and self.user is not None:
            kept = photo_drafts_load(user=self.user, token=cleaned_data["photo_drafts"])
        slots = self.photo_slots = []
        for index, photo_form in enumerate(self.photo_forms):
            if not photo_form.is_valid():
                slots.append(None)
                continue
            slots.append(photo_form.chosen(kept=kept[index] if index < len(kept) else None))
        if any(photo_form.errors for photo_form in self.photo_forms):
            raise forms.ValidationError(_("Please check the photos below."), code="photos")
        cleaned_data["photo_slots"] = slots
        cleaned_data["photos"] = [photo for photo in slots if photo is not None]
        return cleaned_data


class PhotoEditForm(PhotoChoicesForm):
    """One existing photo on the edit form: its visibility and caption, or remove it."""

    remove = forms.BooleanField(label=_("Remove this photo"), required=False)

    def __init__(self, *args, photo, number, **kwargs):
        initial = {"caption": photo.caption, "visibility": "public" if photo.is_public else "doctors"}
        super().__init__(*args, prefix=f"photo-{photo.pk}", initial=initial, **kwargs)
        self.existing_photo = photo
        self.number = number

    def change(self):
        return PhotoChange(
            photo_id=self.existing_photo.pk,
            is_public=self.cleaned_data["visibility"],
            caption=self.cleaned_data["caption"],
            remove=self.cleaned_data["remove"],
        )


class QuestionEditForm(QuestionTextMixin, forms.Form):
    title = QuestionForm.base_fields["title"]
    body = QuestionForm.base_fields["body"]

    def __init__(self, data=None, *args, photos=(), **kwargs):
        super().__init__(data, *args, **kwargs)
        self.photo_forms = [
            PhotoEditForm(data, photo=photo, number=number) for number, photo in enumerate(photos, start=1)
        ]

    def clean(self):
        """cleaned_data["photo_changes"]: the choices for each photo (errors sit beside that photo)."""
        cleaned_data = super().clean()
        # Validate every photo form (no short-circuit), so each shows its own errors.
        valid = [photo_form.is_valid() for photo_form in self.photo_forms]
        if not all(valid):
            raise forms.ValidationError(_("Please check the photos below."), code="photos")
        cleaned_data["photo_changes"] = [photo_form.change() for photo_form in self.photo_forms]
        return cleaned_data
