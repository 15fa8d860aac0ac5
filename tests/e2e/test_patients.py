import re

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from playwright.sync_api import expect

from accounts.models import User
from questions.models import PostStatus, Question
from tests.factories import QuestionFactory, TopicFactory, image_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-unusual-passphrase"


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


def test_patient_signs_up_verifies_asks_with_a_photo_and_sees_the_pending_question(
    page, live_server, mailoutbox, assert_accessible
):
    TopicFactory(name="Acne", slug="acne")

    page.goto(live_server.url + "/accounts/signup/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Email").fill("theo@example.com")
    page.get_by_label("Public display name").fill("Theo")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("form.account-form button[type=submit]").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Verify", re.I))
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[-1].body).group(0)
    page.goto(live_server.url + "/accounts/" + link.split("/accounts/", 1)[1])
    page.locator("form.account-form button[type=submit]").click()

    page.goto(live_server.url + "/accounts/login/")
    assert_accessible(page)
    page.locator("#id_login").fill("theo@example.com")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.account-form button[type=submit]").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    page.goto(live_server.url + "/questions/ask/")
    assert_accessible(page)
    page.get_by_label("Your question").fill("Why do I get spots after microneedling sessions?")
    page.get_by_label("Details").fill("Small red spots on both cheeks since Friday, no fever.")
    page.get_by_label("Acne").check()
    page.set_input_files(
        "input[name=photos]", files=[{"name": "cheek.jpg", "mimeType": "image/jpeg", "buffer": image_bytes()}]
    )
    page.get_by_role("button", name="Post my question").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Why do I get spots after microneedling sessions?"
    )
    expect(page.get_by_text("awaits review")).to_be_visible()
    expect(page.locator(".question-photo img")).to_have_count(1)
    # The thumbnail is lazy-loaded: wait until the browser has decoded it from our permission-checked view.
    page.wait_for_function(
        "() => { const img = document.querySelector('.question-photo img');"
        " return img && img.complete && img.naturalWidth > 0; }"
    )
    question = Question.objects.get()
    assert question.status == PostStatus.PENDING

    page.goto(live_server.url + "/my/questions/")
    expect(page.get_by_text("Awaiting moderation")).to_be_visible()
    assert_accessible(page)


def test_similar_questions_appear_while_typing_the_title_and_as_a_step(page, live_server, assert_accessible):
    QuestionFactory(title="Breaking out after microneedling: is it normal?")
    TopicFactory(name="Acne", slug="acne")
    user = User.objects.create_user(email="ana@example.com", password=PASSWORD, display_name="Ana")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_login").fill("ana@example.com")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.account-form button[type=submit]").click()
    page.goto(live_server.url + "/questions/ask/")
    page.get_by_label("Your question").press_sequentially("breaking out microneedling")
    expect(page.locator(".similar-live")).to_be_visible()
    expect(page.locator(".similar-live a")).to_have_text("Breaking out after microneedling: is it normal?")
    page.get_by_label("Details").fill("Spreading redness on my cheek and a fever since this morning.")
    page.get_by_label("Acne").check()
    page.get_by_role("button", name="Post my question").click()
    expect(page.get_by_role("heading", name="This may need urgent care")).to_be_visible()
    expect(page.get_by_role("heading", name="Similar questions already answered").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Post my question anyway").click()
    expect(page.get_by_text("awaits review")).to_be_visible()
    assert Question.objects.get(author=user).needs_urgent_review
