import json
import os
import re

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.models import User
from accounts.services import notifications_unsubscribe_token, notifications_unsubscribe_url
from answers.models import Reply
from questions.models import Question, QuestionPhoto
from tests.factories import (
    AnswerFactory,
    DoctorFactory,
    QuestionFactory,
    QuestionPhotoFactory,
    ReplyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"
SETTINGS = reverse("accounts:settings")
DELETE = reverse("accounts:delete")
EXPORT = reverse("accounts:data_export")


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def verified_user(**kwargs):
    user = UserFactory(**kwargs)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


# --- Sign up, verify, log in ----------------------------------------------------------------


def test_sign_up_asks_for_a_display_name_and_sends_a_verification_link(client, mailoutbox):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "theo@example.com",
            "display_name": "Theo",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="theo@example.com")
    assert user.display_name == "Theo"
    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[0].body).group(0)
    confirm_path = link.split("testserver", 1)[-1]
    client.post(confirm_path)
    assert EmailAddress.objects.get(user=user).verified


def test_sign_up_refuses_a_weak_password_and_an_email_as_display_name(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "theo@example.com", "display_name": "theo@example.com", "password1": "12345678",
         "password2": "12345678"},
    )  # fmt: skip
    assert response.status_code == 200
    form = response.context["form"]
    assert "display_name" in form.errors
    assert "password1" in form.errors
    assertContains(response, 'value="theo@example.com"')
    assert not User.objects.exists()


def test_sign_up_and_login_pages_use_the_site_layout_with_labels(client):
    for name in ["account_signup", "account_login", "account_reset_password"]:
        response = client.get(reverse(name))
        assertContains(response, "Skip to main content")
        assert response.content.decode().count("<h1") == 1
    assertContains(client.get(reverse("account_signup")), "Public display name")


def test_unverified_user_cannot_log_in(client, mailoutbox):
    UserFactory(email="new@example.com")
    response = client.post(reverse("account_login"), {"login": "new@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_verified_user_logs_in(client):
    verified_user(email="theo@example.com")
    response = client.post(reverse("account_login"), {"login": "theo@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_a_brute_force_run_is_refused(client):
    verified_user(email="theo@example.com")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "theo@example.com", "password": "wrong-guess"})
    response = client.post(reverse("account_login"), {"login": "theo@example.com", "password": PASSWORD})
    assertContains(response, "Too many failed login attempts", status_code=response.status_code)
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_an_email(client, mailoutbox):
    verified_user(email="theo@example.com")
    client.post(reverse("account_reset_password"), {"email": "theo@example.com"})
    assert len(mailoutbox) == 1
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


# --- Settings -------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_log_in_for_account_pages(client):
    for url in [SETTINGS, DELETE, EXPORT]:
        assert client.get(url)["Location"].startswith(reverse("account_login"))


def test_settings_change_display_name_and_answer_emails(client):
    user = UserFactory(display_name="Theo", wants_answer_emails=True)
    client.force_login(user)
    response = client.post(SETTINGS, {"display_name": "T."})
    assertRedirects(response, SETTINGS)
    user.refresh_from_db()
    assert user.display_name == "T."
    assert user.wants_answer_emails is False


def test_settings_refuse_an_email_as_display_name_and_keep_the_input(client):
    user = UserFactory(display_name="Theo")
    client.force_login(user)
    response = client.post(SETTINGS, {"display_name": "theo@example.com", "wants_answer_emails": "on"})
    assert "display_name" in response.context["form"].errors
    assertContains(response, 'value="theo@example.com"')
    user.refresh_from_db()
    assert user.display_name == "Theo"


def test_settings_page_only_ever_shows_the_signed_in_user(client, django_assert_num_queries):
    UserFactory(display_name="Somebody Else")
    client.force_login(UserFactory(display_name="Theo"))
    with django_assert_num_queries(3):  # session, user, the user's consents (trust)
        response = client.get(SETTINGS)
    assertContains(response, 'value="Theo"')
    assertNotContains(response, "Somebody Else")


# --- Unsubscribe link -----------------------------------------------------------------------


def test_unsubscribe_url_is_absolute_and_signed():
    user = UserFactory()
    url = notifications_unsubscribe_url(user)
    assert url.startswith("http://127.0.0.1:8000/accounts/notifications/off/")
    assert notifications_unsubscribe_token(user) in url


def test_unsubscribe_get_only_confirms_and_post_turns_emails_off_without_login(client):
    user = UserFactory(wants_answer_emails=True)
    path = reverse("accounts:notifications_off", kwargs={"token": notifications_unsubscribe_token(user)})
    assertContains(client.get(path), "Turn off answer emails")
    user.refresh_from_db()
    assert user.wants_answer_emails
    assertContains(client.post(path), "Done")
    user.refresh_from_db()
    assert not user.wants_answer_emails


def test_a_tampered_unsubscribe_token_is_a_404(client):
    user = UserFactory()
    token = notifications_unsubscribe_token(user)
    other = UserFactory()
    forged = str(other.pk) + token[len(str(user.pk)) :]
    response = client.post(reverse("accounts:notifications_off", kwargs={"token": forged}))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.wants_answer_emails


# --- Data export and deletion ---------------------------------------------------------------


def test_data_export_holds_everything_the_patient_posted_and_nothing_else(client):
    patient = UserFactory(display_name="Theo")
    question = QuestionFactory(author=patient, title="My own question here")
    QuestionPhotoFactory(question=question, caption="left cheek")
    ReplyFactory(answer=AnswerFactory(question=question), author=patient, body="Thanks doctor")
    QuestionFactory(title="Someone else's question")
    client.force_login(patient)
    response = client.get(EXPORT)
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["profile"]["display_name"] == "Theo"
    assert [q["title"] for q in data["questions"]] == ["My own question here"]
    assert [r["body"] for r in data["replies"]] == ["Thanks doctor"]
    assert data["photos"][0]["caption"] == "left cheek"


def test_deleting_an_account_needs_the_password(client):
    patient = UserFactory()
    client.force_login(patient)
    response = client.post(DELETE, {"password": "wrong", "confirm": "on"})
    assert "password" in response.context["form"].errors
    assert User.objects.filter(pk=patient.pk).exists()


def test_deleting_an_account_keeps_answers_but_removes_identity_and_photos(
    client, django_capture_on_commit_callbacks
):
    patient = UserFactory(display_name="Theo")
    question = QuestionFactory(author=patient)
    modified = question.updated_at
    photo = QuestionPhotoFactory(question=question)
    photo_path = photo.image.path
    answer = AnswerFactory(question=question)
    reply = ReplyFactory(answer=answer, author=patient)
    client.force_login(patient)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DELETE, {"password": PASSWORD, "confirm": "on"})
    assertRedirects(response, reverse("home"))
    assert not User.objects.filter(pk=patient.pk).exists()
    question = Question.objects.get(pk=question.pk)
    assert (question.author, question.author_display_name) == (None, "")
    assert question.updated_at > modified  # the sitemap tells search engines to recrawl it
    reply = Reply.objects.get(pk=reply.pk)
    assert (reply.author, reply.author_display_name) == (None, "")
    assert not QuestionPhoto.objects.exists()
    page = client.get(question.get_absolute_url())
    assertContains(page, "Asked by a patient")
    assertContains(page, answer.doctor.display_name)
    assertNotContains(page, "Theo")
    assert not os.path.exists(photo_path)


def test_a_doctor_cannot_delete_their_account_here(client):
    doctor = DoctorFactory()
    client.force_login(doctor.user)
    response = client.post(DELETE, {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 200
    assert User.objects.filter(pk=doctor.user.pk).exists()
