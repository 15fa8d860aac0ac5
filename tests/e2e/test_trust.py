"""Browser checks of the trust pages: each passes axe and works without JavaScript steps
of its own (reviewer queue, invite page, consents in account settings, the guard step on
the ask form, a doctor's disclosure page, and an answer's correction with its diff)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from answers.services import answer_update
from moderation.services import flag_create
from questions.models import Question
from tests.factories import AnswerFactory, DoctorFactory, QuestionFactory, TopicFactory, UserFactory
from trust.roles import clinical_reviewer_group
from trust.services.consents import Kind, user_consent_record

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user):
    """Sign in through a session cookie: the sign-in form has its own browser journey."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def _past_question(**fields):
    return QuestionFactory(created_at=timezone.now() - timedelta(days=1), **fields)


def test_reviewer_queue_is_accessible_and_a_review_is_published(page, live_server, assert_accessible):
    reviewer = DoctorFactory(name="Ana Reyes")
    reviewer.user.groups.add(clinical_reviewer_group())
    answer = AnswerFactory(question=_past_question(title="Is it safe to stop antibiotics early?"))
    flag_create(post=answer, reporter=UserFactory(), reason="unsafe", note="Says to stop early")
    _sign_in(page, live_server, reviewer.user)
    page.goto(live_server.url + "/trust/reviews/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Clinical review queue")
    assert_accessible(page)
    page.get_by_label("Correction readers will see").fill("Finish the course your doctor prescribed.")
    page.get_by_role("button", name="Publish my review").click()
    expect(page.get_by_text("Your review is published on the answer.")).to_be_visible()
    page.goto(live_server.url + answer.question.get_absolute_url())
    expect(page.get_by_text("Finish the course your doctor prescribed.")).to_be_visible()
    assert_accessible(page)


def test_invite_page_is_accessible_and_invites(page, live_server, assert_accessible):
    acne = TopicFactory(name="Acne", slug="acne")
    doctor = DoctorFactory(name="Isabella Ward")
    doctor.topics.add(acne)
    question = _past_question(title="Breakouts after microneedling?")
    question.topics.add(acne)
    _sign_in(page, live_server, question.author)
    page.goto(live_server.url + f"/trust/questions/{question.pk}/invite/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite a doctor to answer")
    assert_accessible(page)
    page.get_by_label("Dr Isabella Ward").check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent to Dr Isabella Ward.")).to_be_visible()
    assert_accessible(page)


def test_consents_in_account_settings_are_accessible_and_withdrawn(page, live_server, assert_accessible):
    patient = UserFactory(display_name="Theo")
    user_consent_record(kind=Kind.ANSWER_EMAILS, user=patient, source_page="/accounts/settings/")
    user_consent_record(kind=Kind.PHOTO_USE, user=patient, source_page="/questions/ask/")
    _sign_in(page, live_server, patient)
    page.goto(live_server.url + "/accounts/settings/")
    expect(page.get_by_role("heading", name="Your consents")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Withdraw Showing my photos to readers").click()
    expect(page.get_by_text("Consent withdrawn: Showing my photos to readers.")).to_be_visible()
    expect(page.locator("li.consent").filter(has_text="Showing my photos")).to_contain_text("withdrawn")
    assert_accessible(page)


def test_guard_step_on_the_ask_form_is_accessible_and_redacts(page, live_server, assert_accessible):
    TopicFactory(name="Acne", slug="acne")
    patient = UserFactory(display_name="Theo")
    _sign_in(page, live_server, patient)
    page.goto(live_server.url + "/questions/ask/")
    page.get_by_label("Your question").fill("Why am I breaking out after microneedling?")
    page.get_by_label("Details").fill("Red bumps since Friday. Call me at 403-555-0199 please.")
    page.get_by_label("Acne").check()
    page.get_by_role("button", name="Post my question").click()
    expect(page.get_by_role("heading", name="Your text may identify you")).to_be_visible()
    expect(page.locator(".guard-step")).to_contain_text("Call me at [phone number removed] please.")
    assert_accessible(page)
    page.get_by_role("button", name="Use the redacted text").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Why am I breaking out after microneedling?")
    assert Question.objects.get().body == "Red bumps since Friday. Call me at [phone number removed] please."


def test_doctor_disclosure_page_is_accessible_and_saves(page, live_server, assert_accessible):
    doctor = DoctorFactory(name="Isabella Ward", treatment_interest="")
    _sign_in(page, live_server, doctor.user)
    page.goto(live_server.url + "/doctors/dashboard/profile/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit my profile")
    assert_accessible(page)
    page.get_by_label("Performs the treatments discussed", exact=True).check()
    page.get_by_label("Clinic website").fill("not a web address")
    page.get_by_label("Anything else readers should know").fill("I own the clinic.")
    page.get_by_role("button", name="Save my profile").click()
    expect(page.get_by_text("Please enter a web address")).to_be_visible()
    expect(page.get_by_label("Anything else readers should know")).to_have_value("I own the clinic.")
    assert_accessible(page)
    page.get_by_label("Clinic website").fill("https://glow.example")
    page.get_by_role("button", name="Save my profile").click()
    expect(page.get_by_text("Your disclosure is saved")).to_be_visible()


def test_corrected_answer_and_its_diff_are_accessible(page, live_server, assert_accessible):
    answer = AnswerFactory(question=_past_question(), body="Stop the antibiotics after 2 days.")
    flag_create(post=answer, reporter=UserFactory(), reason="misinformation")
    answer_update(answer=answer, editor=answer.doctor.user, body="Finish the antibiotics as prescribed.")
    page.goto(live_server.url + answer.question.get_absolute_url())
    expect(page.locator(".correction-notice")).to_contain_text("Corrected on")
    assert_accessible(page)
    page.get_by_role("link", name="See what changed").click()
    expect(page.locator("del").first).to_have_text("Stop")
    expect(page.locator("ins").first).to_have_text("Finish")
    assert_accessible(page)
