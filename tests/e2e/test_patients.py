import re

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from playwright.sync_api import expect

from accounts.models import User
from answers.models import Answer
from answers.services import answer_create
from questions.models import PostStatus, Question
from questions.services import question_publish
from tests.factories import DoctorFactory, QuestionFactory, TopicFactory
from tests.images import image_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-unusual-passphrase"


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


def test_patient_journey_from_sign_up_to_marking_an_answer_helpful(
    page, live_server, mailoutbox, assert_accessible
):
    """Sign up, verify the email, ask with a photo, get an answer, reply, mark it helpful."""
    TopicFactory(name="Acne", slug="acne")

    # Sign up, then verify the address from the email (locmem outbox).
    page.goto(live_server.url + "/accounts/signup/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("textbox", name="Email").fill("theo@example.com")
    page.get_by_label("Public display name").fill("Theo")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("#id_wants_answer_emails").check()  # unticked until the patient says yes
    page.locator("form.account-form button[type=submit]").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Verify", re.I))
    assert_accessible(page)
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[-1].body).group(0)
    page.goto(live_server.url + "/accounts/" + link.split("/accounts/", 1)[1])
    assert_accessible(page)
    page.locator("form.account-form button[type=submit]").click()
    assert EmailAddress.objects.get(email="theo@example.com").verified

    page.goto(live_server.url + "/accounts/login/")
    assert_accessible(page)
    page.locator("#id_login").fill("theo@example.com")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.account-form button[type=submit]").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    # Ask with a photo: doctors-only unless chosen otherwise, with a caption.
    page.goto(live_server.url + "/questions/ask/")
    assert_accessible(page)
    page.get_by_label("Your question").fill("Why do I get spots after microneedling sessions?")
    page.get_by_label("Details").fill("Small red spots on both cheeks since Friday, no fever.")
    page.get_by_label("Acne").check()
    page.set_input_files(
        "input[name=photo-1-photo]",
        files=[{"name": "cheek.jpg", "mimeType": "image/jpeg", "buffer": image_bytes()}],
    )
    expect(page.locator("#id_photo-1-visibility_0")).to_be_checked()  # "Only doctors (and you)"
    page.locator("#id_photo-1-caption").fill("Left cheek, day 3")
    page.get_by_role("button", name="Post my question").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Why do I get spots after microneedling sessions?"
    )
    expect(page.get_by_text("until a moderator has read it")).to_be_visible()
    expect(page.get_by_text("awaits review")).to_be_visible()
    photo = page.get_by_role("img", name="Left cheek, day 3")
    expect(photo).to_have_count(1)
    expect(page.get_by_text("Only doctors and the asker can see this photo")).to_be_visible()
    # The thumbnail is lazy-loaded: wait until the browser has decoded it from our permission-checked view.
    page.wait_for_function(
        "() => { const img = document.querySelector('.question-photo img');"
        " return img && img.complete && img.naturalWidth > 0; }"
    )
    assert_accessible(page)
    question = Question.objects.get()
    assert question.status == PostStatus.PENDING
    assert not question.photos.get().is_public

    # Until it has an answer, the asker may change each photo's choices.
    page.goto(live_server.url + question.get_absolute_url())
    page.get_by_role("link", name="Edit my question").click()
    assert_accessible(page)
    page.get_by_label("Everyone who reads the question").check()
    page.get_by_role("button", name="Save my question").click()
    expect(page.get_by_text("Your question is updated.")).to_be_visible()
    expect(page.get_by_text("Only doctors and the asker can see this photo")).to_have_count(0)
    assert question.photos.get().is_public

    page.goto(live_server.url + "/my/questions/")
    expect(page.get_by_text("Awaiting moderation")).to_be_visible()
    assert_accessible(page)

    # A moderator publishes it and a verified doctor answers, through the services.
    question_publish(question=question)
    doctor = DoctorFactory(name="Maya Singh")
    answer_create(
        question=question, doctor=doctor, body="These are most likely **milia**; they fade in weeks."
    )
    answer_mail = mailoutbox[-1]
    assert answer_mail.to == ["theo@example.com"]
    thread_path = re.search(r"https?://[^/\s]+(/\S+)", answer_mail.body).group(1)

    # The patient follows the email's link, replies under the answer and marks it helpful.
    page.goto(live_server.url + thread_path)
    expect(page.get_by_text("most likely milia")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your reply").fill("Thank you! Should I stop my retinol meanwhile?")
    page.get_by_role("button", name="Reply", exact=True).click()
    expect(page.locator(".thread").get_by_text("Should I stop my retinol meanwhile?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Mark as helpful").click()
    expect(page.get_by_text("Marked as helpful.")).to_be_visible()
    expect(page.get_by_role("button", name="Remove helpful mark")).to_be_visible()
    assert_accessible(page)
    answer = Answer.objects.get()
    assert answer.helpful_marks.filter(user__email="theo@example.com").exists()
    assert answer.replies.get().body == "Thank you! Should I stop my retinol meanwhile?"

    page.goto(live_server.url + "/my/questions/")
    expect(page.get_by_text("Answered")).to_be_visible()
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
