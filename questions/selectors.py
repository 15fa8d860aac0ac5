"""Reads of questions with their visibility rules. Every public view comes through here."""

from django.db.models import Count, Max, Prefetch, Q

from doctors.models import DoctorProfile
from questions.models import PostStatus, Question, QuestionPhoto, Topic
from search.selectors import similar_questions as search_similar_questions


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
    return (
        Question.objects.visible_to(user)
        .select_related("city")
        .prefetch_related("topics", "photos")
        .get(pk=pk)
    )


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
            answer_count=Count("answers", filter=published_answers, distinct=True),
            latest_answer_at=Max("answers__created_at", filter=published_answers),
            latest_reply_at=Max(
                "answers__replies__created_at",
                filter=published_answers & Q(answers__replies__status=PostStatus.PUBLISHED),
            ),
        )
        .order_by("-created_at", "-id")
    )


def question_get_for_edit(*, pk, user):
    """The user's own question with `pk` (not removed), else Question.DoesNotExist."""
    return Question.objects.visible_to(user).get(pk=pk, author=user)


def question_photos_for(*, question, user):
    """The question's prefetched photos that `user` may see: public ones, or all for the
    asker, verified doctors and staff."""
    photos = list(question.photos.all())
    if all(photo.is_public for photo in photos) or user_may_see_private_photos(question=question, user=user):
        return photos
    return [photo for photo in photos if photo.is_public]


def user_may_see_private_photos(*, question, user):
    if not user.is_authenticated:
        return False
    if user.is_staff or (question.author_id and question.author_id == user.pk):
        return True
    return DoctorProfile.objects.verified().filter(user=user).exists()


def photo_get(*, uuid, user):
    """A photo `user` may see (through a question they may see), else QuestionPhoto.DoesNotExist."""
    photo = QuestionPhoto.objects.select_related("question").get(
        uuid=uuid, question__in=Question.objects.visible_to(user)
    )
    if not photo.is_public and not user_may_see_private_photos(question=photo.question, user=user):
        raise QuestionPhoto.DoesNotExist
    return photo
