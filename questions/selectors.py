"""Reads of questions with their visibility rules. Every public view comes through here."""

from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

from answers.models import Answer
from askdoc.db import json_list
from doctors.models import DoctorProfile
from questions.models import PostStatus, Question, QuestionPhoto, Topic
from search.selectors import similar_questions as search_similar_questions


def _published_answers_count():
    """How many published answers a question has, by the one rule of `Answer.objects.published()`.
    A correlated subquery, not a JOIN and GROUP BY: the database counts only for the rows of
    the page, not for every question before the LIMIT."""
    counted = (
        Answer.objects.published()
        .filter(question=OuterRef("pk"))
        .order_by()
        .values("question")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _with_answer_count(queryset):
    return queryset.annotate(answer_count=_published_answers_count())


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
    """The question with `pk` if `user` may see it, else Question.DoesNotExist.

    One query: its topics come as JSON (`.topic_list`), and `.has_photos` says whether
    the photos need a query of their own.
    """
    question = (
        Question.objects.visible_to(user)
        .select_related("city")
        .annotate(
            topics_data=json_list(
                Question.topics.through.objects,
                on="question",
                id="topic_id",
                name="topic__name",
                slug="topic__slug",
            ),
            has_photos=Exists(QuestionPhoto.objects.filter(question=OuterRef("pk"))),
        )
        .get(pk=pk)
    )
    topics = [Topic(**data) for data in question.topics_data or []]
    question.topic_list = sorted(topics, key=lambda topic: (topic.name, topic.pk))
    return question


def similar_questions(*, title, limit=5):
    """Published questions like `title`, best first: the search engine's answer (see
    search.selectors.similar_questions), so the ask form and search agree."""
    return search_similar_questions(text=title, limit=limit)


def questions_of_asker(*, user):
    """The user's own questions (not removed) with their answer count and latest activity."""
    published_answers = Q(answers__status=PostStatus.PUBLISHED)
    return (
        Question.objects.visible_to(user)
        .filter(author=user)
        .annotate(
            answer_count=_published_answers_count(),
            latest_answer_at=Max("answers__created_at", filter=published_answers),
            latest_reply_at=Max(
                "answers__replies__created_at",
                filter=published_answers & Q(answers__replies__status=PostStatus.PUBLISHED),
            ),
        )
        .order_by("-created_at", "-id")
    )


def question_get_for_edit(*, pk, user):
    """The user's own question with `pk` (not removed) and its photos, else Question.DoesNotExist."""
    return Question.objects.visible_to(user).prefetch_related("photos").get(pk=pk, author=user)


def photo_get_for_asker(*, uuid, user):
    """A photo of the user's own question (not removed), else QuestionPhoto.DoesNotExist."""
    questions = Question.objects.visible_to(user).filter(author=user)
    return QuestionPhoto.objects.select_related("question").get(uuid=uuid, question__in=questions)


# Default of `viewer_doctor` when the caller has not looked up the viewer's doctor profile.
NOT_LOOKED_UP = object()


def question_photos_for(*, question, user, viewer_doctor=NOT_LOOKED_UP):
    """The question's prefetched photos that `user` may see: public ones, or all for the
    asker, verified doctors and moderators (staff). Pass the viewer's DoctorProfile (or None
    for no profile) when the page has looked it up already, to save a query. No query when
    `question_get` found it has none."""
    if not getattr(question, "has_photos", True):
        return []
    photos = list(question.photos.all())
    if all(photo.is_public for photo in photos):
        return photos
    if user_may_see_private_photos(question=question, user=user, viewer_doctor=viewer_doctor):
        return photos
    return [photo for photo in photos if photo.is_public]


def user_may_see_private_photos(*, question, user, viewer_doctor=NOT_LOOKED_UP):
    """The asker, verified doctors and moderators (staff) see doctors-only photos."""
    if not user.is_authenticated:
        return False
    if user.is_staff or (question.author_id and question.author_id == user.pk):
        return True
    if viewer_doctor is None:
        return False
    if viewer_doctor is not NOT_LOOKED_UP:
        return viewer_doctor.user_id == user.pk and viewer_doctor.is_verified
    return DoctorProfile.objects.verified().filter(user=user).exists()


def photo_get(*, uuid, user):
    """A photo `user` may see, else QuestionPhoto.DoesNotExist: through a question they may
    see, or any question for moderators (staff), who review questions before they publish."""
    photos = QuestionPhoto.objects.select_related("question")
    if not (user.is_authenticated and user.is_staff):
        photos = photos.filter(question__in=Question.objects.visible_to(user))
    photo = photos.get(uuid=uuid)
    if not photo.is_public and not user_may_see_private_photos(question=photo.question, user=user):
        raise QuestionPhoto.DoesNotExist
    return photo
