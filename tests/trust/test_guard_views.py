import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from answers.models import Reply
from questions.models import Question, QuestionPhoto
from tests.factories import AnswerFactory, QuestionFactory, QuestionPhotoFactory, TopicFactory
from tests.images import image_bytes
from trust.models import PersonalDetailFinding

pytestmark = pytest.mark.django_db
ASK = reverse("questions:ask")
BODY = "Red bumps since Friday. Call me at 403-555-0199 or jane@example.com."


def _ask(client, topic, **extra):
    data = {"title": "Why am I breaking out after microneedling?", "body": BODY, "topics": [topic.pk]}
    return client.post(ASK, {**data, **extra})


def test_question_with_personal_details_shows_what_was_found_and_keeps_the_text(client, patient):
    topic = TopicFactory()
    client.force_login(patient)
    response = _ask(client, topic)
    assert response.status_code == 200
    assert not Question.objects.exists()
    assertContains(response, "a phone number")
    assertContains(response, "an email address")
    assertContains(response, "Call me at [phone number removed] or [email removed].")
    assertContains(response, "jane@example.com.</textarea>")  # what was typed is kept for editing
    assertContains(response, 'name="guard" value="redact"')
    finding = PersonalDetailFinding.objects.get()
    assert finding.user == patient and finding.source == "question"
    assert finding.kinds == "phone,email" and finding.count == 2
    assert "403-555-0199" not in finding.redacted_text


def test_patient_chooses_the_redacted_text(client, patient):
    topic = TopicFactory()
    client.force_login(patient)
    response = _ask(client, topic, guard="redact", seen_similar="on")
    question = Question.objects.get()
    assertRedirects(response, question.get_absolute_url())
    assert question.body == "Red bumps since Friday. Call me at [phone number removed] or [email removed]."


def test_patient_edits_the_text_and_posts_it(client, patient):
    topic = TopicFactory()
    client.force_login(patient)
    _ask(client, topic)
    response = _ask(client, topic, body="Red bumps since Friday after my treatment.", seen_similar="on")
    question = Question.objects.get()
    assertRedirects(response, question.get_absolute_url())
    assert question.body == "Red bumps since Friday after my treatment."


def test_plain_medical_question_is_not_stopped(client, patient):
    topic = TopicFactory()
    client.force_login(patient)
    _ask(client, topic, body="0.05% tretinoin twice a day for 3 months, SPF 50, 10% niacinamide.")
    assert Question.objects.count() == 1
    assert not PersonalDetailFinding.objects.exists()


def test_what_the_guard_found_is_never_shown_publicly(client, patient):
    topic = TopicFactory()
    client.force_login(patient)
    _ask(client, topic, guard="redact", seen_similar="on")
    question = Question.objects.get()
    question.status = "published"
    question.published_at = question.created_at
    question.save()
    client.logout()
    response = client.get(question.get_absolute_url())
    assertNotContains(response, "403-555-0199")
    assertNotContains(response, "phone,email")


def test_reply_with_an_address_shows_the_guard_step_then_posts_redacted(client):
    question = QuestionFactory(created_at=timezone.now() - datetime.timedelta(hours=2))
    answer = AnswerFactory(question=question)
    asker = question.author
    client.force_login(asker)
    url = reverse("answers:reply", args=[answer.pk])
    response = client.post(url, {"body": "Come to 123 Main Street tomorrow."})
    assert response.status_code == 200
    assert not Reply.objects.exists()
    assertContains(response, "a street address")
    assertContains(response, "Come to [address removed] tomorrow.")
    assert PersonalDetailFinding.objects.get().source == "reply"
    client.post(url, {"body": "Come to 123 Main Street tomorrow.", "guard": "redact"})
    assert Reply.objects.get().body == "Come to [address removed] tomorrow."


def test_staff_see_findings_in_admin(admin_client, patient):
    PersonalDetailFinding.objects.create(
        user=patient, source="question", kinds="phone", count=1, redacted_text="x"
    )
    response = admin_client.get(reverse("admin:trust_personaldetailfinding_changelist"))
    assertContains(response, "phone")


def test_redacted_title_longer_than_allowed_is_cut_not_a_500(client, patient):
    topic = TopicFactory()
    client.force_login(patient)
    title = "Is this ok " + " ".join(["403-555-0199"] * 14)
    assert len(title) <= 200
    body = "Red bumps since Friday on my cheeks."
    response = client.post(ASK, {"title": title, "body": body, "topics": [topic.pk], "guard": "redact"})
    question = Question.objects.get()
    assertRedirects(response, question.get_absolute_url())
    assert len(question.title) == 200
    assert "403-555" not in question.title


# --- Photo captions and question edits -------------------------------------------------

GOOD_BODY = "Small red spots on both cheeks since Friday, no fever."


def _ask_with_caption(client, topic, caption, **extra):
    data = {
        "title": "Why am I breaking out after microneedling?",
        "body": GOOD_BODY,
        "topics": [topic.pk],
        "seen_similar": "on",
        "photo-1-photo": SimpleUploadedFile("p.jpg", image_bytes(), "image/jpeg"),
        "photo-1-caption": caption,
    }
    return client.post(ASK, {**data, **extra})


def test_photo_caption_with_a_phone_number_shows_the_guard_step(client, patient):
    client.force_login(patient)
    response = _ask_with_caption(client, TopicFactory(), "Me, call 403-555-0199")
    assert response.status_code == 200
    assert not Question.objects.exists()
    assertContains(response, "a phone number")
    assertContains(response, "A photo caption, redacted")
    assertContains(response, "Me, call [phone number removed]")
    assertContains(response, 'value="Me, call 403-555-0199"')  # kept for editing
    assertContains(response, "Your photo is kept")
    finding = PersonalDetailFinding.objects.get()
    assert finding.source == "caption" and finding.kinds == "phone"


def test_patient_accepts_the_redacted_caption(client, patient):
    client.force_login(patient)
    topic = TopicFactory()
    response = _ask_with_caption(client, topic, "Me, call 403-555-0199", guard="redact")
    question = Question.objects.get()
    assertRedirects(response, question.get_absolute_url())
    assert QuestionPhoto.objects.get().caption == "Me, call [phone number removed]"


def test_plain_caption_is_not_stopped(client, patient):
    client.force_login(patient)
    _ask_with_caption(client, TopicFactory(), "Left cheek, 2 weeks after, 10% better")
    assert QuestionPhoto.objects.get().caption == "Left cheek, 2 weeks after, 10% better"
    assert not PersonalDetailFinding.objects.exists()


def test_redacted_caption_longer_than_allowed_is_cut_not_a_500(client, patient):
    client.force_login(patient)
    caption = " ".join(["403-555-0199"] * 9)
    assert len(caption) <= 120
    response = _ask_with_caption(client, TopicFactory(), caption, guard="redact")
    assert response.status_code == 302
    stored = QuestionPhoto.objects.get().caption
    assert len(stored) == 120 and "403-555" not in stored


def _edit(client, question, **fields):
    data = {"title": question.title, "body": question.body, **fields}
    return client.post(reverse("questions:edit", kwargs={"pk": question.pk}), data)


def test_question_edit_with_an_email_shows_the_guard_step_and_changes_nothing(client):
    question = QuestionFactory(status="pending")
    client.force_login(question.author)
    response = _edit(client, question, body="Please write to jane@example.com about my peel.")
    assert response.status_code == 200
    assertContains(response, "an email address")
    assertContains(response, "Please write to [email removed] about my peel.")
    assertContains(response, 'name="guard" value="redact"')
    question.refresh_from_db()
    assert "jane@example.com" not in question.body
    assert PersonalDetailFinding.objects.get().source == "question"


def test_question_edit_accepts_the_redacted_text(client):
    question = QuestionFactory(status="pending")
    client.force_login(question.author)
    response = _edit(client, question, body="Please write to jane@example.com about my peel.", guard="redact")
    assertRedirects(response, question.get_absolute_url(), fetch_redirect_response=False)
    question.refresh_from_db()
    assert question.body == "Please write to [email removed] about my peel."


def test_question_edit_of_a_caption_is_guarded(client):
    photo = QuestionPhotoFactory(question=QuestionFactory(status="pending"), caption="Chin")
    client.force_login(photo.question.author)
    caption_field = f"photo-{photo.pk}-caption"
    response = _edit(client, photo.question, **{caption_field: "Born 12/03/1985, chin"})
    assertContains(response, "A photo caption, redacted")
    photo.refresh_from_db()
    assert photo.caption == "Chin"
    _edit(client, photo.question, **{caption_field: "Born 12/03/1985, chin", "guard": "redact"})
    photo.refresh_from_db()
    assert "1985" not in photo.caption and photo.caption.endswith(", chin")


def test_question_edit_removing_a_photo_does_not_check_its_caption(client):
    photo = QuestionPhotoFactory(question=QuestionFactory(status="pending"), caption="Chin")
    client.force_login(photo.question.author)
    fields = {f"photo-{photo.pk}-caption": "call 403-555-0199", f"photo-{photo.pk}-remove": "on"}
    assert _edit(client, photo.question, **fields).status_code == 302
    assert not PersonalDetailFinding.objects.exists()
