"""Reads for doctors: public profiles and the answering dashboard."""

from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q
from django.db.models.functions import Coalesce

from answers.models import Answer
from questions.models import PostStatus, Question, Topic


def doctor_answers(*, doctor):
    """A doctor's published answers on published questions, newest first."""
    return (
        Answer.objects.published()
        .filter(doctor=doctor, question__status=PostStatus.PUBLISHED)
        .select_related("question")
        .order_by("-created_at", "-id")
    )


def unanswered_questions(*, doctor, topics=None, city=None):
    """Published questions without a published answer that `doctor` has not answered yet,
    oldest first (they have waited longest). `topics` narrows to any of those topics."""
    answered = Answer.objects.published().filter(question=OuterRef("pk"))
    mine = Answer.objects.filter(question=OuterRef("pk"), doctor=doctor)
    questions = Question.objects.published().filter(~Exists(answered), ~Exists(mine))
    if topics:
        questions = questions.filter(
            Exists(Question.topics.through.objects.filter(question=OuterRef("pk"), topic__in=topics))
        )
    if city is not None:
        questions = questions.filter(city=city)
    return (
        questions.select_related("city")
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.only("name", "slug")))
        .order_by("created_at", "id")
    )


def answers_needing_reply(*, doctor):
    """The doctor's published answers where the asker replied after the doctor's last word
    in that thread (the answer itself or the doctor's latest reply)."""
    published = Q(replies__status=PostStatus.PUBLISHED)
    return (
        Answer.objects.filter(doctor=doctor, status=PostStatus.PUBLISHED)
        .annotate(
            last_asker_reply=Max(
                "replies__created_at", filter=published & Q(replies__author=F("question__author"))
            ),
            last_doctor_word=Coalesce(
                Max("replies__created_at", filter=published & Q(replies__author=doctor.user_id)),
                F("created_at"),
            ),
        )
        .filter(last_asker_reply__gt=F("last_doctor_word"))
        .select_related("question")
        .order_by("last_asker_reply", "id")
    )


def answers_by_doctor(*, doctor):
    """All of the doctor's own answers (drafts too), newest first, with helpful counts."""
    return (
        Answer.objects.visible_to(doctor.user)
        .filter(doctor=doctor)
        .annotate(helpful_count=Count("helpful_marks", distinct=True))
        .select_related("question")
        .order_by("-created_at", "-id")
    )
