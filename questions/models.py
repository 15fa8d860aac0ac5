import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PostStatus(models.TextChoices):
    """Moderation states shared by questions, answers and replies."""

    PENDING = "pending", _("Awaiting review")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden")
    REMOVED = "removed", _("Removed")


POST_STATUS_VALUES = [value for value, _label in PostStatus.choices]


class City(models.Model):
    name = models.CharField(max_length=100)
    province = models.CharField(max_length=50, blank=True)
    slug = models.SlugField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "cities"

    def __str__(self):
        return self.name


class Topic(models.Model):
    """A treatment or concern (microneedling, acne, ...) that questions are filed under."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("questions:topic", kwargs={"slug": self.slug})


class QuestionQuerySet(models.QuerySet):
    """The one place that says who sees which questions."""

    def published(self):
        return self.filter(status=PostStatus.PUBLISHED)

    def visible_to(self, user):
        """Everyone sees published questions; an asker also sees their own until it is removed."""
        if user is not None and user.is_authenticated:
            own = Q(author=user) & ~Q(status=PostStatus.REMOVED)
            return self.filter(Q(status=PostStatus.PUBLISHED) | own)
        return self.published()


class Question(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    body = models.TextField()
    # SET_NULL: deleting an account keeps the thread readable without its author.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
    )
    author_display_name = models.CharField(
        _("public name of the asker"),
        max_length=40,
        blank=True,
        help_text=_("Blank means the question was asked anonymously."),
    )
    city = models.ForeignKey(City, on_delete=models.PROTECT, null=True, blank=True, related_name="questions")
    topics = models.ManyToManyField(Topic, related_name="questions", blank=True)
    status = models.CharField(max_length=10, choices=PostStatus.choices, default=PostStatus.PENDING)
    hidden_reason = models.CharField(max_length=255, blank=True)
    is_locked = models.BooleanField(_("thread locked"), default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    needs_urgent_review = models.BooleanField(
        _("needs urgent review"),
        default=False,
        help_text=_("The text mentions warning signs of an emergency."),
    )
    # The hidden token of the ask form: a double click posts the same token twice.
    form_token = models.CharField(max_length=64, blank=True, editable=False)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="question_status_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="question_title_not_empty"),
            models.CheckConstraint(condition=~Q(body=""), name="question_body_not_empty"),
            models.CheckConstraint(condition=Q(status__in=POST_STATUS_VALUES), name="question_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=PostStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="question_published_has_date",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(published_at__gte=models.F("created_at")),
                name="question_published_after_created",
            ),
            models.UniqueConstraint(
                fields=["author", "form_token"],
                condition=~Q(form_token=""),
                name="question_one_per_form_token",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("questions:detail", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def asked_by(self):
        return self.author_display_name or _("a patient")

    @property
    def is_published(self):
        return self.status == PostStatus.PUBLISHED

    def clean(self):
        if self.title is not None and not self.title.strip():
            raise ValidationError({"title": _("Please give your question a title.")})
        if self.body is not None and not self.body.strip():
            raise ValidationError({"body": _("Please describe your question.")})


class QuestionRevision(models.Model):
    """The title and body of a question before one of its asker's edits."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Revision of {self.question_id} at {self.created_at:%Y-%m-%d %H:%M}"


class PrivateMediaStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT, which no URL serves: only permission-checking views read them."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public URL.")


def private_storage():
    return PrivateMediaStorage()


PHOTO_CAPTION_MAX_LENGTH = 120


class QuestionPhoto(models.Model):
    """A re-encoded photo (no EXIF, no GPS) stored under a random name, with its thumbnail.

    Each photo has its own visibility, doctors-only unless the asker chose otherwise.
    Public photos are shown to everyone who can see the question; the others only to the
    asker, verified doctors and moderators (staff). Both are served by `questions:photo`
    from private storage, never by a guessable URL.
    """

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="photos")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    image = models.ImageField(storage=private_storage, upload_to="questions/")
    thumbnail = models.ImageField(storage=private_storage, upload_to="questions/")
    is_public = models.BooleanField(
        _("show to everyone"),
        default=False,
        help_text=_("Off: only the asker, verified doctors and moderators see this photo."),
    )
    caption = models.CharField(
        _("caption"),
        max_length=PHOTO_CAPTION_MAX_LENGTH,
        blank=True,
        help_text=_("Shown under the photo and used as its text alternative."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Photo {self.uuid} of question {self.question_id}"

    def delete_files(self):
        for field in (self.image, self.thumbnail):
            if field.name:
                field.storage.delete(field.name)
