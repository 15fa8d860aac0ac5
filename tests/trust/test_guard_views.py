import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from answers.models import Reply
from questions.models import Question
from tests.factories import AnswerFactory, QuestionFactory, TopicFactory
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
