"""Every search and discovery page as every role: all are public and read-only, and each
role sees only published content (an asker does not find their own pending question)."""

import pytest

from questions.models import PostStatus
from tests.factories import CityFactory, DoctorFactory, QuestionFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

URLS = [
    "/search/?q=pending",
    "/cities/calgary/",
    "/topics/botox/",
    "/topics/botox/in/calgary/",
    "/topics/botox/feed/",
    "/sitemap.xml",
    "/sitemap-questions.xml",
    "/robots.txt",
]
ROLES = ["anonymous", "asker", "other_patient", "verified_doctor", "staff"]


@pytest.fixture
def pending_question():
    question = QuestionFactory(
        title="My pending botox question", status=PostStatus.PENDING, published_at=None, city=CityFactory()
    )
    question.topics.add(TopicFactory(name="Botox", slug="botox"))
    return question


def _login(client, role, asker):
    user = {
        "anonymous": None,
        "asker": asker,
        "other_patient": UserFactory(),
        "verified_doctor": DoctorFactory().user,
        "staff": UserFactory(is_staff=True, is_superuser=True),
    }[role]
    if user is not None:
        client.force_login(user)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", URLS)
def test_public_pages_show_every_role_only_published_content(client, pending_question, role, url):
    _login(client, role, pending_question.author)
    response = client.get(url)
    assert response.status_code == 200
    assert b"My pending botox question" not in response.content
    assert pending_question.get_absolute_url().encode() not in response.content


@pytest.mark.parametrize("url", URLS)
def test_pages_are_read_only(client, pending_question, url):
    assert client.post(url).status_code == 405
