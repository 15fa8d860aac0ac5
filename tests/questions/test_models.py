import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from questions.models import PostStatus, Question, Topic
from tests.factories import QuestionFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_question_slug_is_unique_in_the_database():
    QuestionFactory(slug="same-slug")
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionFactory(slug="same-slug")


def test_question_title_cannot_be_empty_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionFactory(title="")


def test_question_status_must_be_a_known_state():
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionFactory(status="visible")


def test_published_question_needs_a_published_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionFactory(status=PostStatus.PUBLISHED, published_at=None)


def test_question_cannot_be_published_before_it_was_asked():
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionFactory(created_at=now, published_at=now - timezone.timedelta(days=1))


def test_blank_title_of_spaces_gets_a_readable_message():
    question = QuestionFactory.build(title="   ", author=None)
    with pytest.raises(ValidationError) as error:
        question.clean()
    assert "title" in error.value.message_dict


def test_topic_slug_is_unique():
    TopicFactory(slug="acne", name="Acne")
    with pytest.raises(IntegrityError), transaction.atomic():
        Topic.objects.create(name="Acne 2", slug="acne")


def test_visible_to_anonymous_is_published_only(django_user_model):
    from django.contrib.auth.models import AnonymousUser

    published = QuestionFactory()
    QuestionFactory(status=PostStatus.PENDING, published_at=None)
    QuestionFactory(status=PostStatus.HIDDEN)
    assert list(Question.objects.visible_to(AnonymousUser())) == [published]


def test_asker_sees_own_pending_question_but_others_do_not():
    pending = QuestionFactory(status=PostStatus.PENDING, published_at=None)
    other = QuestionFactory()
    assert pending in Question.objects.visible_to(pending.author)
    assert pending not in Question.objects.visible_to(other.author)


def test_asker_does_not_see_own_removed_question():
    removed = QuestionFactory(status=PostStatus.REMOVED)
    assert removed not in Question.objects.visible_to(removed.author)
