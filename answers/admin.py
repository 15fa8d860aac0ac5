from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from answers.models import Answer, Reply
from moderation.admin_helpers import HasOpenFlagsFilter, OpenFlagCountMixin, post_moderation_actions
from moderation.services import answer_note_set


@admin.register(Answer)
class AnswerAdmin(OpenFlagCountMixin, admin.ModelAdmin):
    """Answers are written by doctors on the site; here moderators decide and add notes."""

    list_display = [
        "__str__",
        "status",
        "doctor_email",
        "topic_names",
        "created_at",
        "flag_count",
        "has_note",
    ]
    list_filter = ["status", HasOpenFlagsFilter, "question__topics", "created_at"]
    list_select_related = ["doctor__user", "question"]
    search_fields = ["body", "question__title", "doctor__name", "doctor__user__email"]
    fields = [
        "question",
        "doctor",
        "status",
        "hidden_reason",
        "body",
        "moderator_note",
        "created_at",
        "edited_at",
    ]
    readonly_fields = ["question", "doctor", "status", "hidden_reason", "body", "created_at", "edited_at"]
    date_hierarchy = "created_at"
    actions = post_moderation_actions()

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("question__topics")

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("author"), ordering="doctor__user__email")
    def doctor_email(self, answer):
        return answer.doctor.user.email

    @admin.display(description=_("topics"))
    def topic_names(self, answer):
        return ", ".join(topic.name for topic in answer.question.topics.all())

    @admin.display(description=_("note"), boolean=True)
    def has_note(self, answer):
        return bool(answer.moderator_note)

    def save_model(self, request, obj, form, change):
        # Only the note is editable; it goes through the service so it is audited.
        if "moderator_note" in form.changed_data:
            answer_note_set(answer=obj, by=request.user, note=form.cleaned_data["moderator_note"])


@admin.register(Reply)
class ReplyAdmin(OpenFlagCountMixin, admin.ModelAdmin):
    list_display = ["__str__", "status", "author", "question_title", "created_at", "flag_count"]
    list_filter = ["status", HasOpenFlagsFilter, "created_at"]
    list_select_related = ["author", "answer__question"]
    search_fields = ["body", "author__email", "answer__question__title"]
    fields = ["answer", "parent", "author", "status", "hidden_reason", "body", "created_at"]
    readonly_fields = fields
    date_hierarchy = "created_at"
    actions = post_moderation_actions()

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("question"), ordering="answer__question__title")
    def question_title(self, reply):
        return reply.answer.question.title
