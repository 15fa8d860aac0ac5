"""Browser journey: a verified doctor answers from the dashboard, with the preview step."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone
from playwright.sync_api import expect

from answers.models import Answer
from questions.models import PostStatus
from tests.factories import DoctorFactory, QuestionFactory, TopicFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def test_verified_doctor_answers_from_the_dashboard_with_a_preview(page, live_server, assert_accessible):
    acne = TopicFactory(name="Acne", slug="acne")
    doctor = DoctorFactory(name="Isabella Ward", user__email="ward@clinic.example")
    doctor.topics.add(acne)
    EmailAddress.objects.create(user=doctor.user, email=doctor.user.email, verified=True, primary=True)
    question = QuestionFactory(
        title="Breakouts after microneedling?", created_at=timezone.now() - timedelta(days=1)
    )
    question.topics.add(acne)

    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_login").fill("ward@clinic.example")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.account-form button[type=submit]").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    page.goto(live_server.url + "/doctors/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")
    expect(page.get_by_role("link", name="Waiting for an answer 1")).to_be_visible()
    assert_accessible(page)
    card = page.locator("article.question-card").filter(has_text="Breakouts after microneedling?")
    card.get_by_role("link", name="Answer this question").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Answer this question")
    page.get_by_label("Your answer").fill("**Purging** is common.\n\n- Keep a gentle routine")
    page.get_by_role("button", name="Preview").click()
    preview = page.locator("section.answer-preview")
    expect(preview.locator("strong")).to_have_text("Purging")
    expect(preview.locator("li")).to_have_text("Keep a gentle routine")
    expect(page.get_by_label("Your answer")).to_have_value(
        "**Purging** is common.\n\n- Keep a gentle routine"
    )
    assert_accessible(page)
    assert not Answer.objects.exists()

    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Your answer is published.")).to_be_visible()
    answer_block = page.locator("article.answer")
    expect(answer_block.locator(".answer__body strong")).to_have_text("Purging")
    expect(answer_block.get_by_role("link", name="Dr Isabella Ward")).to_be_visible()
    assert Answer.objects.get().status == PostStatus.PUBLISHED

    page.goto(live_server.url + "/doctors/dashboard/?tab=mine")
    expect(page.get_by_role("link", name="My answers 1")).to_be_visible()
    expect(page.get_by_role("link", name="Waiting for an answer 0")).to_be_visible()
