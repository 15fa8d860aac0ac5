"""Answering, agreeing and replying through the views: safe Markdown, refusals, bad input."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from answers.forms import ANSWER_MAX_LENGTH, REPLY_MAX_LENGTH
from answers.models import Answer, DoctorAgreement, HelpfulMark, Reply
from answers.services import answer_create
from doctors.models import DoctorProfile
from moderation.services import doctor_withdraw, post_hide, post_restore
from questions.models import PostStatus
from questions.selectors import question_list
from tests.factories import AnswerFactory, DoctorFactory, QuestionFactory, UserFactory, doctor_with_status

pytestmark = pytest.mark.django_db

V = DoctorProfile.Verification


def _old_question(**kwargs):
    return QuestionFactory(created_at=timezone.now() - timedelta(days=2), **kwargs)


@pytest.fixture
def doctor_client(client):
    doctor = DoctorFactory()
    client.force_login(doctor.user)
    client.doctor = doctor
    return client


# --- Markdown is harmless -------------------------------------------------------

HOSTILE = {
    "script": "<script>alert('x')</script>",
    "javascript_link": "[click me](javascript:alert('x'))",
    "event_handler": '<img src="x" onerror="alert(1)"> <a href="/" onclick="alert(1)">a</a>',
    "iframe": '<iframe src="https://evil.example/"></iframe>',
}


class _Tags(HTMLParser):
    """Every tag and attribute in a piece of HTML, as a browser would parse it."""

    def __init__(self, html):
        super().__init__()
        self.tags, self.attributes = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += attrs


def assert_harmless(html):
    parsed = _Tags(html)
    assert not {"script", "iframe", "img", "object", "embed"} & set(parsed.tags), parsed.tags
    for name, value in parsed.attributes:
        assert not name.startswith("on"), name
        assert not (value or "").strip().lower().startswith("javascript:"), value


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_markdown_is_shown_as_harmless_text(doctor_client, kind):
    question = _old_question()
    response = doctor_client.post(
        reverse("answers:create", args=[question.pk]), {"body": HOSTILE[kind], "action": "publish"}
    )
    assert response.status_code == 302
    page = doctor_client.get(question.get_absolute_url()).content.decode()
    body = page.split('class="post-body answer__body">', 1)[1].split("</div>", 1)[0]
    assert_harmless(body)
    assert body.strip(), "the text is still shown, as text"


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_markdown_preview_is_harmless(doctor_client, kind):
    response = doctor_client.post(
        reverse("answers:create", args=[_old_question().pk]), {"body": HOSTILE[kind], "action": "preview"}
    )
    preview = response.content.decode().split('class="answer-preview"', 1)[1].split("</section>", 1)[0]
    assert_harmless(preview)
    assert not Answer.objects.exists()


def test_script_text_survives_as_visible_text(doctor_client):
    question = _old_question()
    doctor_client.post(
        reverse("answers:create", args=[question.pk]), {"body": "Never `<script>` here", "action": "publish"}
    )
    assertContains(doctor_client.get(question.get_absolute_url()), "<code>&lt;script&gt;</code>", html=False)


# --- Refusals with clear messages ----------------------------------------------


def test_answering_the_same_question_twice_is_refused_beside_the_field_keeping_the_text(doctor_client):
    answer = AnswerFactory(doctor=doctor_client.doctor, question=_old_question())
    response = doctor_client.post(
        reverse("answers:create", args=[answer.question.pk]),
        {"body": "A second, carefully typed answer", "action": "publish"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    field_error = page.split('id="id_body_error"', 1)[1].split("</div>", 1)[0]
    assert "You have already answered this question." in field_error
    assert f'href="{reverse("answers:edit", args=[answer.pk])}"' in field_error
    assertContains(response, "A second, carefully typed answer</textarea>")
    assert Answer.objects.count() == 1


def test_opening_the_form_for_a_question_already_answered_points_to_the_answer(doctor_client):
    answer = AnswerFactory(doctor=doctor_client.doctor, question=_old_question())
    response = doctor_client.get(reverse("answers:create", args=[answer.question.pk]), follow=True)
    assertContains(response, "You have already answered this question")


def test_answering_twice_through_the_service_is_refused():
    answer = AnswerFactory()
    with pytest.raises(Exception, match="already answered"):
        answer_create(question=answer.question, doctor=answer.doctor, body="Again")


@pytest.mark.parametrize("status", [PostStatus.HIDDEN, PostStatus.PENDING, PostStatus.REMOVED])
def test_question_not_published_is_refused_with_a_message(doctor_client, status):
    question = QuestionFactory(status=status, published_at=None)
    response = doctor_client.get(reverse("answers:create", args=[question.pk]))
    assertContains(response, "This question is not open for answers.", status_code=403)


def test_hidden_answer_cannot_be_edited(doctor_client):
    answer = AnswerFactory(doctor=doctor_client.doctor, status=PostStatus.HIDDEN, question=_old_question())
    response = doctor_client.post(
        reverse("answers:edit", args=[answer.pk]), {"body": "Sneaky", "action": "publish"}
    )
    assertContains(response, "hidden by a moderator", status_code=403)


# --- Bad input: a message next to the field, what was typed kept, never a 500 ----


@pytest.mark.parametrize(
    "body,message",
    [
        ("", "Please write your answer before publishing."),
        ("   \n\t ", "Please write your answer before publishing."),
        ("x" * (ANSWER_MAX_LENGTH + 1), f"at most {ANSWER_MAX_LENGTH} characters"),
    ],
)
@pytest.mark.parametrize("action", ["publish", "preview", "draft"])
def test_bad_answer_body_is_answered_next_to_the_field(doctor_client, body, message, action):
    response = doctor_client.post(
        reverse("answers:create", args=[_old_question().pk]), {"body": body, "action": action}
    )
    assert response.status_code == 200
    assert message in response.content.decode().replace("\xa0", " ")
    assertContains(response, 'id="error_1_id_body"', html=False)
    assert not Answer.objects.exists()


def test_odd_input_never_breaks_the_answer_form(doctor_client):
    question = _old_question()
    for data in (
        {},
        {"action": "nonsense", "body": "Fine"},
        {"body": "\x00 null byte"},
        {"body": ["a", "b"]},
    ):
        response = doctor_client.post(reverse("answers:create", args=[question.pk]), data)
        assert response.status_code in (200, 302), data


def test_overlong_answer_keeps_what_was_typed(doctor_client):
    body = "Keep me " + "x" * ANSWER_MAX_LENGTH
    response = doctor_client.post(
        reverse("answers:create", args=[_old_question().pk]), {"body": body, "action": "publish"}
    )
    assertContains(response, "Keep me xxx")


@pytest.mark.parametrize(
    "body,message",
    [("", "Please write your reply."), ("y" * (REPLY_MAX_LENGTH + 1), "at most")],
)
def test_bad_reply_is_answered_next_to_the_field(client, body, message):
    answer = AnswerFactory(question=_old_question())
    client.force_login(answer.question.author)
    response = client.post(reverse("answers:reply", args=[answer.pk]), {"body": body})
    assertContains(response, message)
    assert not Reply.objects.exists()


def test_reply_to_a_reply_in_another_thread_is_refused_with_a_message(client):
    answer = AnswerFactory(question=_old_question())
    client.force_login(answer.question.author)
    response = client.post(reverse("answers:reply", args=[answer.pk]), {"body": "Hi", "parent": "999999"})
    assertContains(response, "The reply you answered is no longer there.")
    response = client.post(reverse("answers:reply", args=[answer.pk]), {"body": "Hi", "parent": "abc"})
    assertContains(response, "The reply you answered is no longer there.")
    assert not Reply.objects.exists()


def test_bad_join_input_is_answered_next_to_each_field(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("doctors:join"),
        {"name": "n" * 101, "specialty": "", "licence_number": "", "licensing_body": "", "city": "nowhere"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Ensure this value has at most 100 characters" in content
    assert content.count("This field is required.") == 3
    assert "Select a valid choice" in content
    assert 'value="' + "n" * 101 + '"' in content
    assert not DoctorProfile.objects.exists()


def test_a_file_that_is_not_an_image_is_refused_as_portrait(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(UserFactory())
    response = client.post(
        reverse("doctors:join"),
        {
            "name": "Ward",
            "specialty": "Dermatology",
            "licence_number": "1",
            "licensing_body": "CPSA",
            "portrait": SimpleUploadedFile("me.jpg", b"not an image", content_type="image/jpeg"),
        },
    )
    assertContains(response, "This file is not a photo we can read.")
    assert not DoctorProfile.objects.exists()


def test_applying_twice_is_refused_with_a_message(client):
    doctor = doctor_with_status(V.PENDING)
    client.force_login(doctor.user)
    response = client.get(reverse("doctors:join"), follow=True)
    assertContains(response, "You have already applied as a doctor.")


# --- Doctors agree ----------------------------------------------------------------


def test_doctor_agrees_once_with_a_comment_then_withdraws(doctor_client):
    answer = AnswerFactory(question=_old_question())
    url = reverse("answers:agree", args=[answer.pk])
    doctor_client.post(url, {"comment": "Matches the evidence."})
    agreement = DoctorAgreement.objects.get()
    assert (agreement.doctor, agreement.comment) == (doctor_client.doctor, "Matches the evidence.")
    page = doctor_client.get(answer.question.get_absolute_url())
    assertContains(page, "1 doctor agrees")
    assertContains(page, doctor_client.doctor.display_name)
    assertContains(page, "Matches the evidence.")
    assertContains(page, "Withdraw my agreement")
    doctor_client.post(url, {"comment": ""})
    assert not DoctorAgreement.objects.exists()
    assertNotContains(doctor_client.get(answer.question.get_absolute_url()), "doctor agrees")


def test_agreement_comment_too_long_is_refused_beside_the_field_keeping_the_text(doctor_client):
    answer = AnswerFactory(question=_old_question())
    comment = "A long comment " + "c" * 200
    response = doctor_client.post(
        reverse("answers:agree", args=[answer.pk]), {"comment": comment, "agrees": "1"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    field_error = page.split('id="id_comment_error"', 1)[1].split("</div>", 1)[0]
    assert "at most 200 characters" in field_error
    assertContains(response, f'value="{comment}"')
    assert not DoctorAgreement.objects.exists()


def test_agreement_comment_fixed_on_its_own_page_is_recorded(doctor_client):
    answer = AnswerFactory(question=_old_question())
    url = reverse("answers:agree", args=[answer.pk])
    page = doctor_client.post(url, {"comment": "c" * 201, "agrees": "1"}).content.decode()
    assert f'action="{url}"' in page and 'name="agrees" value="1"' in page
    doctor_client.post(url, {"comment": "Shorter.", "agrees": "1"})
    assert DoctorAgreement.objects.get().comment == "Shorter."


def test_doctor_cannot_agree_with_their_own_answer(doctor_client):
    answer = AnswerFactory(doctor=doctor_client.doctor, question=_old_question())
    response = doctor_client.post(reverse("answers:agree", args=[answer.pk]), {}, follow=True)
    assertContains(response, "You cannot agree with your own answer.")
    assert not DoctorAgreement.objects.exists()


def test_agreement_once_per_doctor_is_a_database_constraint():
    from django.db import IntegrityError, transaction

    agreement = DoctorAgreement.objects.create(answer=AnswerFactory(), doctor=DoctorFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        DoctorAgreement.objects.create(answer=agreement.answer, doctor=agreement.doctor)


def test_readers_see_n_doctors_agree_with_names_and_answers_ordered_by_helpful_and_agreement(client):
    question = _old_question()
    lone = AnswerFactory(question=question, body="Lone voice answer")
    agreed = AnswerFactory(question=question, body="Agreed answer")
    helpful = AnswerFactory(question=question, body="Helpful answer")
    HelpfulMark.objects.create(answer=helpful, user=question.author)
    for name in ("Ada Lee", "Ben Roy"):
        DoctorAgreement.objects.create(answer=agreed, doctor=DoctorFactory(name=name))
    page = client.get(question.get_absolute_url()).content.decode()
    assert "2 doctors agree" in page
    assert "Dr Ada Lee" in page and "Dr Ben Roy" in page
    page = page[page.index("<main") :]  # the JSON-LD in <head> lists the answers too
    assert page.index("Helpful answer") < page.index("Agreed answer") < page.index(lone.body)


# --- Helpful marks ---------------------------------------------------------------


def test_asker_marks_an_answer_helpful_and_takes_it_back(client):
    answer = AnswerFactory(question=_old_question())
    client.force_login(answer.question.author)
    client.post(reverse("answers:helpful", args=[answer.pk]))
    assert HelpfulMark.objects.filter(answer=answer).count() == 1
    client.post(reverse("answers:helpful", args=[answer.pk]))
    assert not HelpfulMark.objects.exists()


# --- Each answer links to its doctor's profile ------------------------------------


def test_every_answer_on_a_question_page_links_to_its_doctors_profile(client):
    question = _old_question()
    answers = AnswerFactory.create_batch(3, question=question)
    page = client.get(question.get_absolute_url()).content.decode()
    for answer in answers:
        section = page.split(f'id="answer-{answer.pk}"', 1)[1].split("</article>", 1)[0]
        assert f'href="{answer.doctor.get_absolute_url()}"' in section
        assert client.get(answer.doctor.get_absolute_url()).status_code == 200


# --- The published rule -------------------------------------------------------------


def test_withdrawing_verification_hides_nothing_already_published(client):
    staff = UserFactory(is_staff=True)
    answer = AnswerFactory(question=_old_question(), body="Still here after withdrawal")
    doctor_withdraw(doctor=answer.doctor, by=staff, reason="Licence lapsed")
    assert Answer.objects.published().filter(pk=answer.pk).exists()
    assertContains(client.get(answer.question.get_absolute_url()), "Still here after withdrawal")
    # The profile stays, without the verified badge, so the answer's link still works.
    profile = client.get(answer.doctor.get_absolute_url())
    assertContains(profile, "Verification withdrawn")
    assertNotContains(profile, "verified-badge")
    assert question_list().get(pk=answer.question.pk).answer_count == 1


def test_unverified_doctors_answer_can_never_enter_the_published_state():
    staff = UserFactory(is_staff=True)
    question = _old_question()
    for status in (V.PENDING, V.REJECTED):
        draft = answer_create(
            question=question, doctor=doctor_with_status(status), body="Draft", publish=False
        )
        # Not through a moderator's publish, nor by hiding and restoring.
        with pytest.raises(Exception, match="not verified"):
            from moderation.services import post_publish

            post_publish(post=draft, by=staff)
        post_hide(post=draft, by=staff, reason="Test")
        with pytest.raises(Exception, match="not verified"):
            post_restore(post=draft, by=staff)
        draft.refresh_from_db()
        assert draft.status == PostStatus.HIDDEN
    assert not Answer.objects.published().exists()


def test_list_answer_counts_follow_the_published_rule(client, django_assert_num_queries):
    question = _old_question(title="Counted question")
    AnswerFactory(question=question)
    AnswerFactory(question=question, status=PostStatus.HIDDEN)
    answer_create(question=question, doctor=doctor_with_status(V.PENDING), body="Draft", publish=False)
    assert (
        question_list().get(pk=question.pk).answer_count
        == Answer.objects.published().filter(question=question).count()
    )
    with django_assert_num_queries(3):
        response = client.get("/")
    assertContains(response, "1 answer")


@pytest.mark.parametrize(
    "status,shows_form,button",
    [(V.VERIFIED, True, "Publish"), (V.PENDING, True, "Save draft"), (V.WITHDRAWN, False, None)],
)
def test_question_page_offers_the_answer_form_by_verification(client, status, shows_form, button):
    question = _old_question()
    client.force_login(doctor_with_status(status).user)
    page = client.get(question.get_absolute_url())
    assert ('id="answer-new-heading"' in page.content.decode()) is shows_form
    if button:
        assertContains(page, f'value="{"publish" if button == "Publish" else "draft"}"')


def test_a_doctors_reply_emails_the_asker_and_the_askers_reply_emails_the_doctor(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    answer = AnswerFactory(question=_old_question())
    client.force_login(answer.doctor.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("answers:reply", args=[answer.pk]), {"body": "How is it today?"})
    assert [m.to for m in mailoutbox] == [[answer.question.author.email]]
    client.force_login(answer.question.author)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("answers:reply", args=[answer.pk]), {"body": "Better, thanks."})
    assert mailoutbox[-1].to == [answer.doctor.user.email]
    assert len(mailoutbox) == 2
