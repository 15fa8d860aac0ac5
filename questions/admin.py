from functools import partial

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from answers.models import Answer
from moderation.admin_helpers import (
    HasOpenFlagsFilter,
    OpenFlagCountMixin,
    decision_action,
    post_moderation_actions,
)
from moderation.services import answer_note_set, question_lock
from questions.models import City, Question, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["name", "province", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class AnswerInline(admin.StackedInline):
    """The question's answers with their replies; only the moderator's note is edited here."""

    model = Answer
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["doctor", "status", "hidden_reason", "body", "moderator_note", "replies"]
    readonly_fields = ["doctor", "status", "hidden_reason", "body", "replies"]

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("doctor").prefetch_related("replies__author")

    @admin.display(description=_("replies"))
    def replies(self, answer):
        rows = [
            (
                reverse("admin:answers_reply_change", args=[reply.pk]),
                reply.author.email if reply.author else "—",
                reply.get_status_display(),
                Truncator(reply.body).chars(120),
            )
            for reply in answer.replies.all()
        ]
        if not rows:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", '<li><a href="{}">{}</a> ({}): {}</li>', rows),
        )


@admin.register(Question)
class QuestionAdmin(OpenFlagCountMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "status",
        "needs_urgent_review",
        "author",
        "topic_names",
        "created_at",
        "flag_count",
        "is_locked",
    ]
    list_filter = ["status", "needs_urgent_review", HasOpenFlagsFilter, "is_locked", "topics", "created_at"]
    list_select_related = ["author"]
    search_fields = ["title", "body", "author__email"]
    autocomplete_fields = ["author", "topics", "city"]
    # Status and lock change only through the actions, so every decision is recorded.
    readonly_fields = [
        "slug",
        "status",
        "hidden_reason",
        "is_locked",
        "created_at",
        "updated_at",
        "published_at",
        "photo_links",
    ]
    date_hierarchy = "created_at"
    inlines = [AnswerInline]
    actions = [
        *post_moderation_actions(),
        decision_action(
            name="lock_threads",
            description=_("Lock selected threads"),
            service=partial(question_lock, lock=True),
            target="question",
            done=("%(count)d thread locked.", "%(count)d threads locked."),
        ),
        decision_action(
            name="unlock_threads",
            description=_("Unlock selected threads"),
            service=partial(question_lock, lock=False),
            target="question",
            done=("%(count)d thread unlocked.", "%(count)d threads unlocked."),
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("topics")

    @admin.display(description=_("photos"))
    def photo_links(self, question):
        """Links to the permission-checking photo view (moderators may see every photo)."""
        rows = [
            (
                reverse("questions:photo", kwargs={"uuid": photo.uuid}),
                photo.caption or _("Photo %(n)d") % {"n": number},
                _("everyone") if photo.is_public else _("doctors only"),
            )
            for number, photo in enumerate(question.photos.all(), start=1)
        ]
        if not rows:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", '<li><a href="{}" target="_blank" rel="noopener">{}</a> ({})</li>', rows),
        )

    @admin.display(description=_("topics"))
    def topic_names(self, question):
        return ", ".join(topic.name for topic in question.topics.all())

    def save_formset(self, request, form, formset, change):
        if formset.model is not Answer:
            return super().save_formset(request, form, formset, change)
        # Notes go through the service so each change is in the audit trail.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for answer_form in formset.forms:
            if "moderator_note" in answer_form.changed_data:
                answer_note_set(
                    answer=answer_form.instance,
                    by=request.user,
                    note=answer_form.cleaned_data["moderator_note"],
                )
                formset.changed_objects.append((answer_form.instance, ["moderator_note"]))
        return None
