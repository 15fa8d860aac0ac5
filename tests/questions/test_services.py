import pytest
from django.core.exceptions import ValidationError

from questions.models import PostStatus
from questions.services import question_create, question_publish
from tests.factories import QuestionFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_question_create_waits_for_review_and_uses_the_public_display_name():
    author = UserFactory(display_name="Theo", first_name="Theodore", last_name="Hill")
    topic = TopicFactory()
    question = question_create(
        author=author, title="Why am I breaking out?", body="Since my treatment...", topics=[topic]
    )
    assert question.status == PostStatus.PENDING
    assert question.author_display_name == "Theo"
    assert list(question.topics.all()) == [topic]


def test_question_create_anonymously_hides_the_name():
    question = question_create(
        author=UserFactory(display_name="Theo"), title="A private question", body="Details", display_name=""
    )
    assert str(question.asked_by) == "a patient"


def test_question_create_makes_unique_slugs_for_equal_titles():
    author = UserFactory()
    first = question_create(author=author, title="Red skin after a peel", body="Details here")
    second = question_create(author=author, title="Red skin after a peel", body="Other details")
    assert first.slug == "red-skin-after-a-peel"
    assert second.slug == "red-skin-after-a-peel-2"


def test_question_create_refuses_a_body_of_only_spaces():
    with pytest.raises(ValidationError):
        question_create(author=UserFactory(), title="A real title", body="     ")


def test_question_publish_sets_the_published_date():
    question = QuestionFactory(status=PostStatus.PENDING, published_at=None)
    question = question_publish(question=question)
    assert question.status == PostStatus.PUBLISHED
    assert question.published_at >= question.created_at
