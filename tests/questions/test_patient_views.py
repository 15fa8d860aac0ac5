from pathlib import Path

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
    # the question (which knows it has photos), the photos, the answers, the replies, and the
    # related questions
    with django_assert_num_queries(5):
        response = client.get(question.get_absolute_url())
    assert response.content.decode().count('class="question-photo"') == 4


@pytest.mark.parametrize("role", ["anonymous", "other_patient", "pending_doctor", "verified_doctor"])
def test_each_photo_follows_its_own_visibility(client, role):
    question = QuestionFactory()
    public = QuestionPhotoFactory(question=question, is_public=True, caption="Left cheek")
    private = QuestionPhotoFactory(question=question, is_public=False, caption="Close-up")
    users = {
        "other_patient": UserFactory,
        "pending_doctor": lambda: DoctorFactory(verification_status="pending", verified_at=None).user,
        "verified_doctor": lambda: DoctorFactory().user,
    }
    if role in users:
        client.force_login(users[role]())
    page = client.get(question.get_absolute_url())
    assertContains(page, str(public.uuid))
    assert client.get(photo_url(public)).status_code == 200
    may_see_private = role == "verified_doctor"
    assert (str(private.uuid) in page.content.decode()) is may_see_private
    assert client.get(photo_url(private)).status_code == (200 if may_see_private else 404)


def test_a_caption_is_shown_under_the_photo_and_is_its_alt_text(client):
    photo = QuestionPhotoFactory(is_public=True, caption="Left cheek <b>after</b> the peel")
    response = client.get(photo.question.get_absolute_url())
    assertContains(response, 'alt="Left cheek &lt;b&gt;after&lt;/b&gt; the peel"')
    assertContains(
        response, '<span class="question-photo__caption">Left cheek &lt;b&gt;after&lt;/b&gt; the peel</span>'
    )


def test_a_photo_without_caption_gets_a_generic_alt_text(client):
    photo = QuestionPhotoFactory(is_public=True)
    assertContains(client.get(photo.question.get_absolute_url()), 'alt="Photo 1 from the asker"')


def test_moderators_see_the_doctors_only_photos_of_a_question_awaiting_review(client):
    photo = QuestionPhotoFactory(
        is_public=False, question__status=PostStatus.PENDING, question__published_at=None
    )
    client.force_login(UserFactory(is_staff=True))
    assert client.get(photo_url(photo)).status_code == 200


def test_doctors_only_photos_are_never_cached_publicly(client):
    photo = QuestionPhotoFactory(is_public=False)
    client.force_login(photo.question.author)
    assert client.get(photo_url(photo))["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("role", ["asker", "verified_doctor", "other_patient"])
def test_question_page_query_count_with_doctors_only_photos(client, django_assert_num_queries, role):
    question = QuestionFactory()
    AnswerFactory(question=question)
    for _ in range(4):
        QuestionPhotoFactory(question=question, is_public=False)
    users = {"asker": lambda: question.author, "verified_doctor": lambda: DoctorFactory().user}
    client.force_login(users.get(role, UserFactory)())
    client.get(question.get_absolute_url())  # the session is loaded once per request either way
    # session, user, the viewer's doctor profile (a doctor's and its topics; a patient was
    # found to have none by the first request, which is remembered), question (with topics
    # and whether it has photos), answers (with counts and agreements), replies, photos; no
    # related questions: the first request found none and that is cached. Another patient is
    # a reader: the content the first request rendered is shared, so no more.
    expected = {"asker": 6, "verified_doctor": 8, "other_patient": 2}[role]
    with django_assert_num_queries(expected):
        response = client.get(question.get_absolute_url())
    assert response.content.decode().count('class="question-photo"') == (0 if role == "other_patient" else 4)


def test_a_photo_whose_file_is_gone_is_a_404_not_a_500(client):
    photo = QuestionPhotoFactory(is_public=True)
    Path(photo.image.path).unlink()
    assert client.get(photo_url(photo)).status_code == 404


def test_photo_view_query_count(client, django_assert_num_queries):
    photo = QuestionPhotoFactory(is_public=True)
    with django_assert_num_queries(1):
        client.get(photo_url(photo))


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


def _edit_data(question, **photo_fields):
    return {"title": question.title, "body": question.body, **photo_fields}


def test_asker_changes_each_photos_visibility_and_caption(client):
    question = QuestionFactory()
    first = QuestionPhotoFactory(question=question, is_public=False)
    second = QuestionPhotoFactory(question=question, is_public=True, caption="Old")
    client.force_login(question.author)
    data = _edit_data(
        question,
        **{
            f"photo-{first.pk}-visibility": "public",
            f"photo-{first.pk}-caption": "Chin, day 2",
            f"photo-{second.pk}-visibility": "doctors",
            f"photo-{second.pk}-caption": "",
        },
    )
    assertRedirects(client.post(edit_url(question), data), question.get_absolute_url())
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_public, first.caption) == (True, "Chin, day 2")
    assert (second.is_public, second.caption) == (False, "")


def test_edit_form_shows_each_photo_with_its_current_choice(client):
    photo = QuestionPhotoFactory(is_public=True, caption="Chin")
    client.force_login(photo.question.author)
    response = client.get(edit_url(photo.question))
    assertContains(response, reverse("questions:photo_thumbnail", kwargs={"uuid": photo.uuid}))
    form = response.context["form"]
    assert form.photo_forms[0]["visibility"].value() == "public"
    assert form.photo_forms[0]["caption"].value() == "Chin"


def test_a_photo_left_without_a_visibility_choice_becomes_doctors_only(client):
    photo = QuestionPhotoFactory(is_public=True)
    client.force_login(photo.question.author)
    client.post(edit_url(photo.question), _edit_data(photo.question))
    photo.refresh_from_db()
    assert not photo.is_public


def test_asker_removes_a_photo_and_its_files(client, django_capture_on_commit_callbacks):
    photo = QuestionPhotoFactory()
    path = photo.image.path
    client.force_login(photo.question.author)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            edit_url(photo.question), _edit_data(photo.question, **{f"photo-{photo.pk}-remove": "on"})
        )
    assert not photo.question.photos.exists()
    assert not Path(path).exists()


def test_a_bad_caption_on_the_edit_form_is_explained_and_nothing_changes(client):
    photo = QuestionPhotoFactory(caption="Chin")
    client.force_login(photo.question.author)
    data = _edit_data(photo.question, title="A new title for it", **{f"photo-{photo.pk}-caption": "x" * 500})
    response = client.post(edit_url(photo.question), data)
    assert response.status_code == 200
    assert "caption" in response.context["form"].photo_forms[0].errors
    assertContains(response, 'value="A new title for it"')
    photo.refresh_from_db()
    photo.question.refresh_from_db()
    assert photo.caption == "Chin"
    assert photo.question.title != "A new title for it"


def test_another_patient_cannot_change_someone_elses_photo(client):
    photo = QuestionPhotoFactory(is_public=False)
    mine = QuestionFactory()
    client.force_login(mine.author)
    fields = {f"photo-{photo.pk}-visibility": "public", f"photo-{photo.pk}-remove": "on"}
    client.post(edit_url(mine), _edit_data(mine, **fields))
    assert client.post(edit_url(photo.question), _edit_data(photo.question, **fields)).status_code == 404
    photo.refresh_from_db()
    assert not photo.is_public


def test_asker_makes_a_photo_doctors_only_after_the_question_has_an_answer(client):
    photo = QuestionPhotoFactory(is_public=True)
    question = photo.question
    AnswerFactory(question=question)
    thumbnail = reverse("questions:photo_thumbnail", kwargs={"uuid": photo.uuid})
    assertContains(client.get(question.get_absolute_url()), thumbnail)  # cached for anonymous readers
    client.force_login(question.author)
    url = reverse("questions:photo_private", kwargs={"uuid": photo.uuid})
    assertContains(client.get(question.get_absolute_url()), f'action="{url}"')
    response = client.post(url, follow=True)
    assertRedirects(response, question.get_absolute_url())
    assertContains(response, "This photo is now shown only to doctors and you.")
    photo.refresh_from_db()
    assert not photo.is_public
    client.logout()
    assertNotContains(client.get(question.get_absolute_url()), thumbnail)


def test_a_photo_cannot_be_made_public_once_the_question_has_an_answer(client):
    photo = QuestionPhotoFactory(is_public=False)
    AnswerFactory(question=photo.question)
    client.force_login(photo.question.author)
    client.post(
        edit_url(photo.question), _edit_data(photo.question, **{f"photo-{photo.pk}-visibility": "public"})
    )
    photo.refresh_from_db()
    assert not photo.is_public
    page = client.get(photo.question.get_absolute_url())
    assertNotContains(page, reverse("questions:photo_private", kwargs={"uuid": photo.uuid}))


# Signed-in users other than the asker, by role.
NOT_THE_ASKER = {
    "other_patient": UserFactory,
    "doctor": lambda: DoctorFactory().user,
    "moderator": lambda: UserFactory(is_staff=True),
}


@pytest.mark.parametrize("role", ["other_patient", "doctor", "moderator"])
def test_only_the_asker_can_make_their_photo_doctors_only(client, role):
    photo = QuestionPhotoFactory(is_public=True)
    client.force_login(NOT_THE_ASKER[role]())
    response = client.post(reverse("questions:photo_private", kwargs={"uuid": photo.uuid}))
    assert response.status_code == 404
    photo.refresh_from_db()
    assert photo.is_public


def test_edit_page_query_count_with_photos(client, django_assert_num_queries):
    question = QuestionFactory()
    for _ in range(4):
        QuestionPhotoFactory(question=question)
    client.force_login(question.author)
    client.get(edit_url(question))
    with django_assert_num_queries(5):
        client.get(edit_url(question))


# --- Similar questions endpoint -----------------------------------------------------------


def test_similar_endpoint_returns_published_questions_as_json(client):
    published = QuestionFactory(title="Redness after a chemical peel")
    QuestionFactory(title="Redness after laser", status=PostStatus.PENDING, published_at=None)
    response = client.get(reverse("questions:similar"), {"title": "redness peel"})
    assert response.json() == {"results": [{"title": published.title, "url": published.get_absolute_url()}]}


def test_similar_endpoint_with_no_words_returns_nothing(client):
    assert client.get(reverse("questions:similar"), {"title": "a"}).json() == {"results": []}


def test_asker_removes_a_photo_after_the_question_has_an_answer(client, django_capture_on_commit_callbacks):
    photo = QuestionPhotoFactory(is_public=True)
    question = photo.question
    AnswerFactory(question=question)
    files = [Path(photo.image.path), Path(photo.thumbnail.path)]
    thumbnail = reverse("questions:photo_thumbnail", kwargs={"uuid": photo.uuid})
    assertContains(client.get(question.get_absolute_url()), thumbnail)  # cached for anonymous readers
    client.force_login(question.author)
    url = reverse("questions:photo_remove", kwargs={"uuid": photo.uuid})
    assertContains(client.get(question.get_absolute_url()), f'action="{url}"')
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assertRedirects(response, question.get_absolute_url())
    assertContains(response, "The photo is removed.")
    assert not question.photos.exists()
    assert not any(path.exists() for path in files)
    assert client.get(thumbnail).status_code == 404
    client.logout()
    assertNotContains(client.get(question.get_absolute_url()), thumbnail)


@pytest.mark.parametrize("role", ["anonymous", "other_patient", "doctor", "moderator"])
def test_only_the_asker_can_remove_their_photo(client, role):
    photo = QuestionPhotoFactory(is_public=True)
    if role in NOT_THE_ASKER:
        client.force_login(NOT_THE_ASKER[role]())
    response = client.post(reverse("questions:photo_remove", kwargs={"uuid": photo.uuid}))
    assert response.status_code == (302 if role == "anonymous" else 404)  # anonymous: to log in
    assert photo.question.photos.filter(pk=photo.pk).exists()
    assert client.get(reverse("questions:photo_remove", kwargs={"uuid": photo.uuid})).status_code in (
        302,
        405,
    )
