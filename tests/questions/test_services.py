import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from questions import services as _services
from questions.models import PostStatus, Question, QuestionRevision
from questions.photos import photo_process
from questions.services import question_create, question_publish
from tests import factories as _factories
from tests.factories import QuestionFactory, TopicFactory, UserFactory
from tests.images import image_bytes

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


# --- Patients: urgent flag, idempotency, photos, edits -----------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Spreading redness and a FEVER of 39", True),
        ("Spreading redness on my cheek", False),
        ("I have trouble   breathing after the filler", True),
        ("Sometimes I think I want to kill myself", True),
        ("Red bumps after a peel", False),
    ],
)
def test_mentions_emergency_matches_every_phrase_of_a_group(text, expected):
    assert _services.mentions_emergency(text) is expected


def test_mentions_emergency_reads_the_configured_list(settings):
    settings.ASKDOC_EMERGENCY_PHRASES = [("blue lips",)]
    assert _services.mentions_emergency("My lips look blue lips now")
    assert not _services.mentions_emergency("chest pain")


@pytest.mark.django_db
def test_same_form_token_from_the_same_author_returns_the_first_question():
    author = _factories.UserFactory()
    first = _services.question_create(
        author=author, title="A title long enough", body="b" * 30, form_token="t1"
    )
    again = _services.question_create(
        author=author, title="A title long enough", body="b" * 30, form_token="t1"
    )
    assert first.pk == again.pk
    assert Question.objects.count() == 1


@pytest.mark.django_db
def test_database_refuses_two_questions_with_the_same_author_and_form_token():
    question = _factories.QuestionFactory(form_token="t1")
    with pytest.raises(IntegrityError), transaction.atomic():
        _factories.QuestionFactory(author=question.author, form_token="t1")


@pytest.mark.django_db
def test_blank_form_tokens_do_not_collide():
    question = _factories.QuestionFactory(form_token="")
    _factories.QuestionFactory(author=question.author, form_token="")
    assert Question.objects.count() == 2


@pytest.mark.django_db
def test_question_create_refuses_more_than_four_photos():
    photo = photo_process(SimpleUploadedFile("p.jpg", image_bytes(), "image/jpeg"))
    with pytest.raises(ValidationError):
        _services.question_create(
            author=_factories.UserFactory(), title="A title long enough", body="b" * 30, photos=[photo] * 5
        )
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_question_update_keeps_a_revision_and_flags_emergencies():
    question = _factories.QuestionFactory(title="Old title here", body="Old body here")
    _services.question_update(question=question, title="New title here", body="Now I have chest pain")
    question.refresh_from_db()
    assert question.needs_urgent_review
    revision = QuestionRevision.objects.get()
    assert (revision.title, revision.body) == ("Old title here", "Old body here")


@pytest.mark.django_db
def test_question_update_without_changes_keeps_no_revision():
    question = _factories.QuestionFactory()
    _services.question_update(question=question, title=question.title, body=question.body)
    assert not QuestionRevision.objects.exists()


@pytest.mark.django_db
def test_question_update_refuses_an_answered_question():
    answer = _factories.AnswerFactory()
    with pytest.raises(ValidationError):
        _services.question_update(question=answer.question, title="New title here", body="New body here")


def test_a_trusted_askers_question_publishes_at_once():
    author = UserFactory()
    QuestionFactory(author=author)
    question = question_create(author=author, title="Redness after a peel", body="Both cheeks, mild.")
    assert question.status == PostStatus.PUBLISHED


def test_warning_signs_of_an_emergency_always_wait_for_a_moderator_even_from_a_trusted_asker():
    author = UserFactory()
    QuestionFactory(author=author)
    question = question_create(
        author=author, title="Swelling after filler", body="I have chest pain since the injection."
    )
    assert question.status == PostStatus.PENDING
    assert question.needs_urgent_review


def _processed(**choices):
    photo = photo_process(SimpleUploadedFile("p.jpg", image_bytes(), "image/jpeg"))
    photo.is_public = choices.get("is_public", False)
    photo.caption = choices.get("caption", "")
    return photo


def test_question_create_stores_each_photos_own_visibility_and_caption():
    question = question_create(
        author=UserFactory(),
        title="Spots after microneedling",
        body="Details of the spots here.",
        photos=[_processed(is_public=True, caption=" Chin "), _processed()],
    )
    assert [(p.is_public, p.caption) for p in question.photos.all()] == [(True, "Chin"), (False, "")]


def test_question_update_refuses_a_photo_of_another_question():
    mine = QuestionFactory()
    other_photo = _factories.QuestionPhotoFactory(is_public=False)
    change = _services.PhotoChange(photo_id=other_photo.pk, is_public=True, remove=True)
    with pytest.raises(ValidationError):
        _services.question_update(question=mine, title=mine.title, body=mine.body, photo_changes=[change])
    other_photo.refresh_from_db()
    assert not other_photo.is_public
