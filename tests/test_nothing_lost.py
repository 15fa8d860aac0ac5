"""Nothing lost, nothing doubled: a double-submitted form creates one object, and concurrent
requests keep counts exact (threads on PostgreSQL, where rows can really be locked)."""

import threading

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from answers.models import Answer, DoctorAgreement, HelpfulMark, Reply
from moderation.models import Flag
from newsletter.models import Subscriber
from questions.models import Question
from tests.factories import DoctorFactory, UserFactory

ASK = {
    "title": "Why does my skin peel after retinol?",
    "body": "I started a retinol serum a week ago and my cheeks are peeling.",
    "seen_similar": "on",
    "confirmed_urgent": "on",
    "form_token": "a" * 32,
}


def signed_in(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


# --- Double submits (any database) ---------------------------------------------------


@pytest.mark.django_db
class TestDoubleSubmit:
    def test_asking_twice_with_the_same_form_creates_one_question(self, world):
        client = signed_in(world.users["other_patient"])
        data = {**ASK, "topics": [world.topic.pk]}
        first = client.post(reverse("questions:ask"), data)
        second = client.post(reverse("questions:ask"), data)
        assert first.status_code == second.status_code == 302
        assert first["Location"] == second["Location"]
        assert Question.objects.filter(author=world.users["other_patient"]).count() == 1

    def test_answering_twice_creates_one_answer(self, world):
        client = signed_in(world.doctor.user)
        url = reverse("answers:create", args=[world.open_question.pk])
        for _ in range(2):
            assert client.post(url, {"body": "Apply a bland moisturiser."}).status_code == 302
        assert Answer.objects.filter(question=world.open_question).count() == 1

    def test_replying_twice_with_the_same_text_creates_one_reply(self, world):
        client = signed_in(world.patient)
        url = reverse("answers:reply", args=[world.answer.pk])
        before = Reply.objects.filter(answer=world.answer).count()
        for _ in range(2):
            assert client.post(url, {"body": "Thank you, doctor!"}).status_code == 302
        assert Reply.objects.filter(answer=world.answer).count() == before + 1

    def test_the_same_reply_later_or_elsewhere_is_a_new_reply(self, world):
        client = signed_in(world.patient)
        client.post(reverse("answers:reply", args=[world.answer.pk]), {"body": "Thanks!"})
        client.post(reverse("answers:reply", args=[world.answer.pk]), {"body": "Thanks again!"})
        assert (
            Reply.objects.filter(answer=world.answer, author=world.patient, body__startswith="Thanks").count()
            == 2
        )

    def test_reporting_twice_creates_one_report(self, world):
        client = signed_in(world.users["other_patient"])
        url = reverse("moderation:report", args=["answer", world.answer.pk])
        assert client.post(url, {"reason": "misinformation"}).status_code == 302
        second = client.post(url, {"reason": "misinformation"})
        assert second.status_code == 200
        assert "already reported" in second.content.decode()
        assert Flag.objects.filter(answer=world.answer).count() == 1

    def test_subscribing_twice_creates_one_subscriber(self, client, world):
        for _ in range(2):
            client.post(reverse("newsletter:subscribe"), {"email": "Twice@Example.com", "next": "/"})
        assert Subscriber.objects.filter(email__iexact="twice@example.com").count() == 1

    def test_pressing_mark_helpful_twice_leaves_it_marked(self, world):
        client = signed_in(world.patient)
        url = reverse("answers:helpful", args=[world.answer.pk])
        for _ in range(2):
            client.post(url, {"marked": "1"})
        assert HelpfulMark.objects.filter(answer=world.answer).count() == 1
        client.post(url, {"marked": "0"})
        client.post(url, {"marked": "0"})
        assert HelpfulMark.objects.filter(answer=world.answer).count() == 0

    def test_pressing_agree_twice_leaves_one_agreement(self, world):
        client = signed_in(world.doctor.user)
        url = reverse("answers:agree", args=[world.other_answer.pk])
        for _ in range(2):
            client.post(url, {"agrees": "1", "comment": ""})
        assert DoctorAgreement.objects.filter(answer=world.other_answer).count() == 1

    def test_the_question_page_buttons_say_which_state_they_ask_for(self, world):
        response = signed_in(world.patient).get(world.question.get_absolute_url())
        assert 'name="marked" value="1"' in response.content.decode()


# --- Concurrency (PostgreSQL) ------------------------------------------------------------

on_postgresql = pytest.mark.skipif(
    not django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="SQLite locks the whole database for a write, so concurrent writers cannot race; "
    "run with DATABASE_URL=postgres://... to test row locking",
)


def concurrently(requests):
    """Run each callable in its own thread, all released at once; returns their results."""
    barrier = threading.Barrier(len(requests))
    results = [None] * len(requests)

    def run(index, request):
        try:
            barrier.wait()
            results[index] = request()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, r)) for i, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def statuses(responses):
    return [r if isinstance(r, Exception) else r.status_code for r in responses]


@on_postgresql
@pytest.mark.django_db(transaction=True)
class TestConcurrency:
    def test_many_doctors_answering_at_once_all_count(self, world):
        doctors = DoctorFactory.create_batch(6)
        url = reverse("answers:create", args=[world.open_question.pk])
        clients = [signed_in(d.user) for d in doctors]
        results = concurrently([lambda c=c: c.post(url, {"body": "Use sunscreen daily."}) for c in clients])
        assert statuses(results) == [302] * 6
        assert Answer.objects.filter(question=world.open_question).count() == 6

    def test_one_doctor_answering_four_times_at_once_gives_one_answer(self, world):
        client = signed_in(world.doctor.user)
        url = reverse("answers:create", args=[world.open_question.pk])
        results = concurrently([lambda: client.post(url, {"body": "Use sunscreen daily."})] * 4)
        assert all(isinstance(s, int) and s < 500 for s in statuses(results)), statuses(results)
        assert Answer.objects.filter(question=world.open_question).count() == 1

    def test_many_readers_reporting_at_once_all_count(self, world, settings):
        settings.MODERATION_FLAGS_TO_HIDE = 100
        clients = [signed_in(u) for u in UserFactory.create_batch(6)]
        url = reverse("moderation:report", args=["answer", world.answer.pk])
        results = concurrently([lambda c=c: c.post(url, {"reason": "spam"}) for c in clients])
        assert statuses(results) == [302] * 6
        assert Flag.objects.filter(answer=world.answer).count() == 6

    def test_one_reader_reporting_four_times_at_once_gives_one_report(self, world):
        client = signed_in(world.users["other_patient"])
        url = reverse("moderation:report", args=["answer", world.answer.pk])
        results = concurrently([lambda: client.post(url, {"reason": "spam"})] * 4)
        assert all(isinstance(s, int) and s < 500 for s in statuses(results)), statuses(results)
        assert Flag.objects.filter(answer=world.answer).count() == 1

    def test_helpful_marks_pressed_at_once_leave_exactly_one(self, world):
        client = signed_in(world.patient)
        url = reverse("answers:helpful", args=[world.answer.pk])
        results = concurrently([lambda: client.post(url, {"marked": "1"})] * 4)
        assert statuses(results) == [302] * 4
        assert HelpfulMark.objects.filter(answer=world.answer).count() == 1

    def test_many_doctors_agreeing_at_once_all_count(self, world):
        doctors = DoctorFactory.create_batch(6)
        url = reverse("answers:agree", args=[world.answer.pk])
        clients = [signed_in(d.user) for d in doctors]
        results = concurrently([lambda c=c: c.post(url, {"agrees": "1"}) for c in clients])
        assert statuses(results) == [302] * 6
        assert DoctorAgreement.objects.filter(answer=world.answer).count() == 6

    def test_the_same_reply_sent_four_times_at_once_is_posted_once(self, world):
        client = signed_in(world.patient)
        url = reverse("answers:reply", args=[world.answer.pk])
        before = Reply.objects.count()
        results = concurrently([lambda: client.post(url, {"body": "Is this normal?"})] * 4)
        assert statuses(results) == [302] * 4
        assert Reply.objects.count() == before + 1

    def test_the_same_question_sent_four_times_at_once_is_asked_once(self, world):
        client = signed_in(world.users["other_patient"])
        data = {**ASK, "topics": [world.topic.pk]}
        results = concurrently([lambda: client.post(reverse("questions:ask"), data)] * 4)
        assert all(isinstance(s, int) and s < 500 for s in statuses(results)), statuses(results)
        assert Question.objects.filter(author=world.users["other_patient"]).count() == 1

    def test_the_same_address_subscribing_four_times_at_once_is_stored_once(self, world):
        client = Client(raise_request_exception=False)
        data = {"email": "race@example.com", "next": "/"}
        results = concurrently([lambda: client.post(reverse("newsletter:subscribe"), data)] * 4)
        assert statuses(results) == [302] * 4
        assert Subscriber.objects.filter(email="race@example.com").count() == 1
