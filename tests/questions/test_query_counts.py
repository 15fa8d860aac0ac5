"""Query budgets of the public pages, for a light and a heavy thread. The same number of
queries whatever the number of answers, replies, agreements, topics and photos."""

import pytest
from django.conf import settings
from django.urls import reverse
from pytest_django.asserts import assertContains

from answers.models import DoctorAgreement
from tests.factories import (
    AnswerFactory,
    DoctorFactory,
    QuestionFactory,
    QuestionPhotoFactory,
    ReplyFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

QUESTION_PAGE_BUDGET = 5
LIST_PAGE_BUDGET = 4


def _thread(*, answers, replies_per_answer=3, photos=0, topics=2):
    question = QuestionFactory()
    question.topics.add(*[TopicFactory() for _ in range(topics)])
    for _ in range(photos):
        QuestionPhotoFactory(question=question, is_public=True)
    doctors = []
    for _ in range(answers):
        answer = AnswerFactory(question=question, doctor=DoctorFactory())
        for other in doctors[-2:]:
            DoctorAgreement.objects.create(answer=answer, doctor=other, comment="Agreed.")
        doctors.append(answer.doctor)
        parent = None
        for _ in range(replies_per_answer):
            parent = ReplyFactory(answer=answer, parent=parent)
    return question


@pytest.mark.parametrize("answers", [1, 50])
def test_question_page_with_everything_stays_within_budget(client, django_assert_max_num_queries, answers):
    question = _thread(answers=answers, photos=2)
    with django_assert_max_num_queries(QUESTION_PAGE_BUDGET):
        response = client.get(question.get_absolute_url())
    assertContains(response, f"{answers} Answer")
    content = response.content.decode()
    assert content.count('class="question-photo"') == 2
    assert content.count('class="reply"') == min(answers, settings.ANSWERS_PER_PAGE) * 3  # the first page
    assert content.count('class="badge topic-badge"') == 2
    if answers > 2:
        assertContains(response, "2 doctors agree")


def test_question_page_without_photos_skips_the_photo_query(client, django_assert_num_queries):
    question = _thread(answers=3, photos=0)
    with django_assert_num_queries(QUESTION_PAGE_BUDGET - 1):
        client.get(question.get_absolute_url())


def test_agreeing_doctors_are_named_and_linked_in_order(client):
    question = QuestionFactory()
    answer = AnswerFactory(question=question)
    first, second = DoctorFactory(name="Ada Lee"), DoctorFactory(name="Bo Chen")
    DoctorAgreement.objects.create(answer=answer, doctor=first, comment="Same advice.")
    DoctorAgreement.objects.create(answer=answer, doctor=second)
    content = client.get(question.get_absolute_url()).content.decode()
    assert content.index("Dr Ada Lee") < content.index("Dr Bo Chen")
    assert f'href="{first.get_absolute_url()}"' in content
    assert "(“Same advice.”)" in content


@pytest.mark.parametrize("answers", [1, 8])
def test_home_and_topic_pages_stay_within_budget(client, settings, django_assert_max_num_queries, answers):
    settings.QUESTIONS_PER_PAGE = 3
    topic = TopicFactory(slug="acne")
    doctors = DoctorFactory.create_batch(answers)
    for _ in range(4):
        question = QuestionFactory()
        question.topics.add(topic, TopicFactory())
        for doctor in doctors:
            AnswerFactory(question=question, doctor=doctor)
    for url in ["/", "/?page=2", reverse("questions:topic", kwargs={"slug": "acne"})]:
        with django_assert_max_num_queries(LIST_PAGE_BUDGET):
            response = client.get(url)
        assert response.status_code == 200


def test_doctor_profile_stays_within_budget(client, django_assert_max_num_queries):
    doctor = DoctorFactory()
    for _ in range(12):
        AnswerFactory(doctor=doctor)
    with django_assert_max_num_queries(LIST_PAGE_BUDGET):
        response = client.get(doctor.get_absolute_url())
    assertContains(response, doctor.display_name)


def test_list_totals_are_counted_once_per_change(client, settings, django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = settings.CONTENT_CACHE_SECONDS = 0  # every request renders
    settings.QUESTIONS_PER_PAGE = 2
    QuestionFactory.create_batch(3)
    client.get("/")
    # the questions and their topics, without counting them again
    with django_assert_num_queries(2):
        response = client.get("/")
    assertContains(response, "?page=2")
    QuestionFactory.create_batch(2)
    with django_assert_num_queries(3):
        response = client.get("/?page=3")
    assert response.status_code == 200
