import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from questions.models import PostStatus, Question
from tests.factories import TopicFactory, UserFactory

pytestmark = pytest.mark.django_db
ASK = reverse("questions:ask")


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(ASK)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_patient_asks_a_question_that_waits_for_review(client):
    patient = UserFactory(display_name="Theo")
    topic = TopicFactory()
    client.force_login(patient)
    response = client.post(
        ASK,
        {
            "title": "Why am I breaking out after microneedling?",
            "body": "Spots on my cheeks since Friday.",
            "topics": [topic.pk],
        },
    )
    question = Question.objects.get()
    assertRedirects(response, question.get_absolute_url())
    assert question.status == PostStatus.PENDING
    assert question.author_display_name == "Theo"


def test_bad_input_keeps_what_was_typed_and_explains_next_to_the_field(client):
    client.force_login(UserFactory())
    response = client.post(ASK, {"title": "x" * 10_000, "body": "   ", "topics": ["not-a-number"]})
    assert response.status_code == 200
    assertContains(response, "Ensure this value has at most 200 characters")
    assertContains(response, "This field is required")
    assert Question.objects.count() == 0
