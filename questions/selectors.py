"""Reads of questions with their visibility rules. Every public view comes through here."""

from django.db.models import Count, Prefetch, Q

from questions.models import PostStatus, Question, Topic


def _with_answer_count(queryset):
    return queryset.annotate(
        answer_count=Count("answers", filter=Q(answers__status=PostStatus.PUBLISHED), distinct=True)
    )


def question_list(*, user=None, topic=None):
    """Questions for a list page, newest first, with published-answer counts and topics."""
    questions = Question.objects.published() if user is None else Question.objects.visible_to(user)
    if topic is not None:
        questions = questions.filter(topics=topic)
    return (
        _with_answer_count(questions)
        .order_by("-created_at", "-id")
        .select_related("city")
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.only("name", "slug")))
    )


def question_get(*, pk, user):
    """The question with `pk` if `user` may see it, else Question.DoesNotExist."""
    return Question.objects.visible_to(user).select_related("city").prefetch_related("topics").get(pk=pk)
