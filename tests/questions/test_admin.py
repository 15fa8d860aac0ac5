"""What moderators see of patients' questions in the admin."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from moderation.roles import moderator_group
from tests.factories import QuestionFactory, QuestionPhotoFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_client(client):
    moderator = UserFactory(is_staff=True)
    moderator.groups.add(moderator_group())
    client.force_login(moderator)
    return client


def test_questions_needing_urgent_review_can_be_filtered(moderator_client):
    urgent = QuestionFactory(title="Chest pain after filler", needs_urgent_review=True)
    QuestionFactory(title="Mild redness after a peel")
    url = reverse("admin:questions_question_changelist")
    response = moderator_client.get(url, {"needs_urgent_review__exact": "1"})
    assert list(response.context["cl"].result_list) == [urgent]


def test_question_page_links_each_photo_to_the_permission_checking_view(moderator_client):
    photo = QuestionPhotoFactory(is_public=False, caption="Left cheek", question__status="pending")
    response = moderator_client.get(reverse("admin:questions_question_change", args=[photo.question.pk]))
    assertContains(response, reverse("questions:photo", kwargs={"uuid": photo.uuid}))
    assertContains(response, "Left cheek")
    assertContains(response, "doctors only")
    assert moderator_client.get(reverse("questions:photo", kwargs={"uuid": photo.uuid})).status_code == 200
