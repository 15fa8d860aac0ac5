import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from questions.models import PostStatus, QuestionRevision
from tests.factories import (
    AnswerFactory,
    DoctorFactory,
    QuestionFactory,
    QuestionPhotoFactory,
    ReplyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
MY_QUESTIONS = reverse("questions:my_questions")


def photo_url(photo):
    return reverse("questions:photo", kwargs={"uuid": photo.uuid})


# --- Photos -------------------------------------------------------------------------------


def test_public_photo_is_shown_to_everyone(client):
    photo = QuestionPhotoFactory(is_public=True)
    response = client.get(photo.question.get_absolute_url())
    assertContains(response, reverse("questions:photo_thumbnail", kwargs={"uuid": photo.uuid}))
    assert client.get(photo_url(photo)).status_code == 200


@pytest.mark.parametrize("role", ["anonymous", "other_patient", "unverified_doctor"])
def test_doctors_only_photo_is_hidden_from_everyone_else(client, role):
    photo = QuestionPhotoFactory(is_public=False)
    if role == "other_patient":
        client.force_login(UserFactory())
    elif role == "unverified_doctor":
        client.force_login(DoctorFactory(verification_status="pending", verified_at=None).user)
    assertNotContains(client.get(photo.question.get_absolute_url()), str(photo.uuid))
    assert client.get(photo_url(photo)).status_code == 404
    thumb = reverse("questions:photo_thumbnail", kwargs={"uuid": photo.uuid})
    assert client.get(thumb).status_code == 404


@pytest.mark.parametrize("role", ["asker", "verified_doctor", "staff"])
def test_doctors_only_photo_is_shown_to_the_asker_verified_doctors_and_staff(client, role):
    photo = QuestionPhotoFactory(is_public=False)
    users = {
        "asker": lambda: photo.question.author,
        "verified_doctor": lambda: DoctorFactory().user,
        "staff": lambda: UserFactory(is_staff=True),
    }
    client.force_login(users[role]())
    assertContains(client.get(photo.question.get_absolute_url()), str(photo.uuid))
    response = client.get(photo_url(photo))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]


def test_photos_of_a_pending_question_are_hidden_from_others(client):
    photo = QuestionPhotoFactory(is_public=True, question__status=PostStatus.PENDING)
    photo.question.published_at = None
    client.force_login(DoctorFactory().user)
    assert client.get(photo_url(photo)).status_code == 404


def test_private_photos_are_not_under_media_root(settings):
    photo = QuestionPhotoFactory(is_public=False)
    assert str(settings.PRIVATE_MEDIA_ROOT) in photo.image.path
    assert str(settings.MEDIA_ROOT) not in photo.image.path


def test_question_page_query_count_stays_constant_with_photos(client, django_assert_num_queries):
    question = QuestionFactory()
    AnswerFactory(question=question)
    for _ in range(4):
        QuestionPhotoFactory(question=question, is_public=True)
    # ... and one for the related questions
    with django_assert_num_queries(7):
        response = client.get(question.get_absolute_url())
    assert response.content.decode().count('class="question-photo"') == 4


# --- Privacy ------------------------------------------------------------------------------


def test_public_pages_never_show_the_askers_email_or_real_name(client):
    author = UserFactory(
        email="theodore.hill@example.com", first_name="Theodore", last_name="Hill", display_name="Theo"
    )
    question = QuestionFactory(author=author)
    ReplyFactory(answer=AnswerFactory(question=question), author=author)
    for url in [question.get_absolute_url(), reverse("home")]:
        response = client.get(url)
        assertNotContains(response, "theodore.hill@example.com")
        assertNotContains(response, "Hill")
        assertNotContains(response, "Theodore")


def test_anonymous_question_shows_asked_by_a_patient(client):
    question = QuestionFactory(author_display_name="")
    assertContains(client.get(question.get_absolute_url()), "Asked by a patient")


# --- My questions -------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_log_in_for_my_questions(client):
    response = client.get(MY_QUESTIONS)
    assert response["Location"].startswith(reverse("account_login"))


def test_my_questions_lists_own_questions_with_their_state(client):
    patient = UserFactory()
    QuestionFactory(author=patient, title="Pending one here?", status=PostStatus.PENDING, published_at=None)
    QuestionFactory(author=patient, title="Published one here?")
    answered = QuestionFactory(author=patient, title="Answered one here?")
    answer = AnswerFactory(question=answered)
    reply = ReplyFactory(answer=answer)
    QuestionFactory(title="Somebody else's question?")
    client.force_login(patient)
    response = client.get(MY_QUESTIONS)
    assertContains(response, "Awaiting moderation")
    assertContains(response, "Published")
    assertContains(response, "Answered")
    assertContains(response, "latest reply")
    assertContains(response, timezone.localtime(reply.created_at).isoformat())
    assertNotContains(response, "Somebody else")


def test_my_questions_query_count_is_constant(client, django_assert_num_queries):
    patient = UserFactory()
    for _ in range(10):
        AnswerFactory(question=QuestionFactory(author=patient))
    client.force_login(patient)
    with django_assert_num_queries(4):
        client.get(MY_QUESTIONS)


# --- Editing ------------------------------------------------------------------------------


def edit_url(question):
    return reverse("questions:edit", kwargs={"pk": question.pk})


def test_asker_edits_an_unanswered_question_and_the_old_text_is_kept(client):
    question = QuestionFactory(
        title="Old title for my question", body="Old body of my question, long enough."
    )
    client.force_login(question.author)
    response = client.post(
        edit_url(question),
        {"title": "New title for my question", "body": "New body of my question, long enough."},
    )
    question.refresh_from_db()
    assertRedirects(response, question.get_absolute_url())
    assert question.title == "New title for my question"
    revision = QuestionRevision.objects.get(question=question)
    assert revision.title == "Old title for my question"
    assert revision.body == "Old body of my question, long enough."


def test_answered_question_can_no_longer_be_edited(client):
    answer = AnswerFactory()
    client.force_login(answer.question.author)
    response = client.post(edit_url(answer.question), {"title": "A changed title here", "body": "x" * 30})
    assertRedirects(response, answer.question.get_absolute_url())
    answer.question.refresh_from_db()
    assert answer.question.title != "A changed title here"


def test_another_patient_cannot_edit_a_question(client):
    question = QuestionFactory()
    client.force_login(UserFactory())
    assert client.get(edit_url(question)).status_code == 404
    assert (
        client.post(edit_url(question), {"title": "Hacked title here", "body": "x" * 30}).status_code == 404
    )


def test_edit_with_bad_input_keeps_the_text_and_explains(client):
    question = QuestionFactory()
    client.force_login(question.author)
    response = client.post(edit_url(question), {"title": "short", "body": "   "})
    assert response.status_code == 200
    assertContains(response, 'value="short"')
    assert set(response.context["form"].errors) == {"title", "body"}
    assert not QuestionRevision.objects.exists()


# --- Similar questions endpoint -----------------------------------------------------------


def test_similar_endpoint_returns_published_questions_as_json(client):
    published = QuestionFactory(title="Redness after a chemical peel")
    QuestionFactory(title="Redness after laser", status=PostStatus.PENDING, published_at=None)
    response = client.get(reverse("questions:similar"), {"title": "redness peel"})
    assert response.json() == {"results": [{"title": published.title, "url": published.get_absolute_url()}]}


def test_similar_endpoint_with_no_words_returns_nothing(client):
    assert client.get(reverse("questions:similar"), {"title": "a"}).json() == {"results": []}
