"""Answers come a page at a time on the question page, and every link to an answer or a
reply finds the page it is on."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from answers.models import HelpfulMark
from questions.models import PostStatus
from tests.factories import AnswerFactory, DoctorFactory, QuestionFactory, ReplyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(settings):
    """A question with 7 answers, 3 to a page, oldest first (none marked helpful)."""
    settings.ANSWERS_PER_PAGE = 3
    start = timezone.now() - timezone.timedelta(days=10)
    question = QuestionFactory(created_at=start)
    for n in range(7):
        AnswerFactory(
            question=question, body=f"Answer number {n}.", created_at=start + timezone.timedelta(hours=n + 1)
        )
    return question


def _answer_numbers(response):
    return [int(n) for n in re.findall(r"<p>Answer number (\d+)\.</p>", response.content.decode())]


def test_answers_come_a_page_at_a_time(client, question):
    first = client.get(question.get_absolute_url())
    assertContains(first, "7 Answers")
    assert _answer_numbers(first) == [0, 1, 2]
    assertContains(first, 'rel="next" href="?page=2"')
    assertContains(first, "More answers")
    last = client.get(question.get_absolute_url() + "?page=3")
    assert _answer_numbers(last) == [6]
    assertContains(last, 'rel="prev" href="?page=2"')
    assertContains(last, "Page 3 of 3")


@pytest.mark.parametrize("page, shown", [("abc", [0, 1, 2]), ("0", [6]), ("99", [6]), ("\x00", [0, 1, 2])])
def test_an_odd_page_number_gives_a_page_not_an_error(client, question, page, shown):
    response = client.get(question.get_absolute_url(), {"page": page})
    assert response.status_code == 200
    assert _answer_numbers(response) == shown


def test_a_helpful_mark_moves_an_answer_to_the_first_page(client, question):
    last = question.answers.get(body="Answer number 6.")
    HelpfulMark.objects.create(answer=last, user=question.author)
    assert _answer_numbers(client.get(question.get_absolute_url()))[0] == 6


def test_a_permalink_finds_the_page_of_an_answer_and_of_a_reply(client, question):
    fifth = question.answers.get(body="Answer number 4.")
    response = client.get(fifth.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == f"{question.get_absolute_url()}?page=2#answer-{fifth.pk}"
    first = question.answers.get(body="Answer number 0.")
    assert (
        client.get(first.get_absolute_url())["Location"] == f"{question.get_absolute_url()}#answer-{first.pk}"
    )
    reply = ReplyFactory(answer=fifth)
    assert reply.get_absolute_url() == f"/answers/{fifth.pk}/?reply={reply.pk}"
    assert client.get(reply.get_absolute_url())["Location"].endswith(f"?page=2#reply-{reply.pk}")
    # Anything but a reply id points at the answer.
    odd = client.get(fifth.get_absolute_url(), {"reply": "<script>"})
    assert odd["Location"].endswith(f"#answer-{fifth.pk}")


def test_a_permalink_never_reveals_a_hidden_post_or_its_questions_title(client):
    hidden_answer = AnswerFactory(status=PostStatus.HIDDEN)
    assert client.get(hidden_answer.get_absolute_url()).status_code == 404
    on_hidden_question = AnswerFactory(question=QuestionFactory(status=PostStatus.HIDDEN, published_at=None))
    assert client.get(on_hidden_question.get_absolute_url()).status_code == 404
    assert client.get(reverse("answers:changes", args=[on_hidden_question.pk])).status_code == 404


def test_a_doctors_own_draft_has_a_permalink_for_them_only(client):
    draft = AnswerFactory(status=PostStatus.PENDING, doctor=DoctorFactory())
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(draft.doctor.user)
    assert client.get(draft.get_absolute_url()).status_code == 302
    client.force_login(UserFactory())
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_the_structured_data_describes_the_answers_of_its_page(client, question):
    response = client.get(question.get_absolute_url() + "?page=2")
    data = json.loads(
        re.search(
            r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
        ).group(1)
    )
    assert data["mainEntity"]["answerCount"] == 7
    urls = [answer["url"] for answer in data["mainEntity"]["suggestedAnswer"]]
    assert len(urls) == 3
    assert all("?page=2#answer-" in url for url in urls)


def test_a_new_reply_lands_on_its_answer_in_the_thread(client, question):
    fifth = question.answers.get(body="Answer number 4.")
    client.force_login(question.author)
    response = client.post(
        reverse("answers:reply", args=[fifth.pk]), {"body": "Thank you, doctor."}, follow=True
    )
    final_url, _status = response.redirect_chain[-1]
    assert "?page=2#reply-" in final_url
    assertContains(response, "Thank you, doctor.")
    assertNotContains(response, "<p>Answer number 0.</p>", html=False)
