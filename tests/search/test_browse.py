import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from questions.models import PostStatus
from tests.factories import AnswerFactory, CityFactory, DoctorFactory, QuestionFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    topic = TopicFactory(name="Microneedling", slug="microneedling")
    calgary, toronto = CityFactory(name="Calgary"), CityFactory(name="Toronto")
    for title, city, topics in [
        ("Microneedling in Calgary", calgary, [topic]),
        ("Acne in Calgary", calgary, []),
        ("Microneedling in Toronto", toronto, [topic]),
    ]:
        question = QuestionFactory(title=title, city=city)
        question.topics.set(topics)
        AnswerFactory(question=question)
    hidden = QuestionFactory(title="Hidden microneedling in Calgary", city=calgary, status=PostStatus.HIDDEN)
    hidden.topics.add(topic)
    doctor_here = DoctorFactory(name="Isabella Ward", city=calgary)
    doctor_here.topics.add(topic)
    DoctorFactory(name="Toronto Doctor", city=toronto).topics.add(topic)
    DoctorFactory(name="Unverified Doctor", city=calgary, verification_status="pending", verified_at=None)
    return topic, calgary


def test_city_page_lists_its_questions_and_doctors(client, place, django_assert_num_queries):
    # city, count, page of questions, doctors
    with django_assert_num_queries(4):
        response = client.get(reverse("search:city", kwargs={"slug": "calgary"}))
    assertContains(response, "Microneedling in Calgary")
    assertContains(response, "Acne in Calgary")
    assertContains(response, "1 answer")
    assertNotContains(response, "Microneedling in Toronto")
    assertNotContains(response, "Hidden microneedling")
    assertContains(response, "Dr Isabella Ward")
    assertNotContains(response, "Toronto Doctor")
    assertNotContains(response, "Unverified Doctor")
    assertContains(
        response, '<link rel="canonical" href="http://127.0.0.1:8000/cities/calgary/">', html=False
    )


def test_topic_in_city_page_combines_both(client, place, django_assert_num_queries):
    url = reverse("search:topic_in_city", kwargs={"topic_slug": "microneedling", "city_slug": "calgary"})
    assert url == "/topics/microneedling/in/calgary/"
    # topic and city (one query), count, page of questions, doctors
    with django_assert_num_queries(4):
        response = client.get(url)
    assertContains(response, "<h1>Microneedling in Calgary</h1>", html=True)
    assertContains(response, 'href="/questions/')
    assert [q.title for q in response.context["page"].object_list] == ["Microneedling in Calgary"]
    assertContains(response, "Dr Isabella Ward")
    assertNotContains(response, "Toronto Doctor")


def test_topic_page_lists_the_doctors_who_answer_it(client, place, django_assert_num_queries):
    with django_assert_num_queries(4):
        response = client.get(reverse("questions:topic", kwargs={"slug": "microneedling"}))
    assertContains(response, "Dr Isabella Ward")
    assertContains(response, "Toronto Doctor")
    assertNotContains(response, "Hidden microneedling")
    assertContains(response, 'type="application/atom+xml"')


@pytest.mark.parametrize(
    "url",
    ["/cities/nowhere/", "/topics/nothing/in/calgary/", "/topics/microneedling/in/nowhere/"],
)
def test_unknown_places_are_404(client, place, url):
    assert client.get(url).status_code == 404


def test_browse_pages_refuse_bad_page_numbers_like_the_home_page(client, place):
    for bad in ("abc", "-1", "99999"):
        assert client.get(f"/cities/calgary/?page={bad}").status_code == 404


def test_question_page_links_to_its_topic_in_its_city(client, place):
    question = QuestionFactory(title="Needling question", city=place[1])
    question.topics.add(place[0])
    assertContains(client.get(question.get_absolute_url()), 'href="/topics/microneedling/in/calgary/"')
