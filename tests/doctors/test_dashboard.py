"""The answering dashboard, the daily digest and public profiles."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from answers.models import HelpfulMark
from doctors.models import DoctorProfile
from doctors.tasks import doctor_send_digest
from questions.models import PostStatus
from tests.factories import (
    AnswerFactory,
    CityFactory,
    DoctorFactory,
    QuestionFactory,
    ReplyFactory,
    TopicFactory,
    doctor_with_status,
)

pytestmark = pytest.mark.django_db

DASHBOARD = "/doctors/dashboard/"


def _asked(days_ago, **kwargs):
    return QuestionFactory(created_at=timezone.now() - timedelta(days=days_ago), **kwargs)


@pytest.fixture
def acne():
    return TopicFactory(name="Acne", slug="acne")


@pytest.fixture
def doctor(acne):
    doctor = DoctorFactory()
    doctor.topics.add(acne)
    return doctor


@pytest.fixture
def doctor_client(client, doctor):
    client.force_login(doctor.user)
    return client


def _titles(response):
    return [question.title for question in response.context["page"].object_list]


def test_dashboard_url_is_what_the_tests_use():
    assert reverse("doctors:dashboard") == DASHBOARD


def test_queue_lists_unanswered_questions_in_my_topics_oldest_first(doctor_client, doctor, acne):
    newer, older = _asked(1, title="Newer acne"), _asked(5, title="Older acne")
    answered = _asked(3, title="Answered acne")
    hidden = _asked(4, title="Hidden acne", status=PostStatus.HIDDEN)
    other_topic = _asked(6, title="Rosacea question")
    other_topic.topics.add(TopicFactory(name="Rosacea"))
    for question in (newer, older, answered, hidden):
        question.topics.add(acne)
    AnswerFactory(question=answered)
    response = doctor_client.get(DASHBOARD)
    assert _titles(response) == ["Older acne", "Newer acne"]
    assertContains(response, "Showing your topics: Acne")
    assertContains(response, reverse("answers:create", args=[older.pk]))


def test_a_question_with_only_a_hidden_answer_or_my_draft_is_still_waiting(doctor_client, doctor, acne):
    with_hidden, with_my_draft = _asked(2, title="Hidden answer only"), _asked(1, title="My draft")
    for question in (with_hidden, with_my_draft):
        question.topics.add(acne)
    AnswerFactory(question=with_hidden, status=PostStatus.HIDDEN)
    AnswerFactory(question=with_my_draft, doctor=doctor, status=PostStatus.PENDING)
    # My own draft is under "My answers", not in the queue.
    assert _titles(doctor_client.get(DASHBOARD)) == ["Hidden answer only"]


def test_queue_filters_by_topic_and_city(doctor_client, acne):
    calgary, toronto = CityFactory(name="Calgary"), CityFactory(name="Toronto", province="Ontario")
    rosacea = TopicFactory(name="Rosacea", slug="rosacea")
    a = _asked(3, title="Acne in Calgary", city=calgary)
    b = _asked(2, title="Rosacea in Toronto", city=toronto)
    c = _asked(1, title="Rosacea in Calgary", city=calgary)
    a.topics.add(acne)
    b.topics.add(rosacea)
    c.topics.add(rosacea)
    assert _titles(doctor_client.get(DASHBOARD, {"topic": rosacea.pk})) == [
        "Rosacea in Toronto",
        "Rosacea in Calgary",
    ]
    assert _titles(doctor_client.get(DASHBOARD, {"topic": rosacea.pk, "city": calgary.pk})) == [
        "Rosacea in Calgary"
    ]
    # "All topics" is an explicit choice, not the default.
    assert _titles(doctor_client.get(DASHBOARD, {"topic": "", "city": calgary.pk})) == [
        "Acne in Calgary",
        "Rosacea in Calgary",
    ]


def test_doctor_without_topics_sees_every_waiting_question(client):
    doctor = DoctorFactory()
    _asked(1, title="Anything")
    client.force_login(doctor.user)
    assert _titles(client.get(DASHBOARD)) == ["Anything"]


@pytest.mark.parametrize(
    "params,status",
    [({"topic": "abc"}, 200), ({"city": "999999"}, 200), ({"tab": "nope"}, 200), ({"page": "-3"}, 404)],
)
def test_odd_dashboard_parameters_never_break_it(doctor_client, params, status):
    assert doctor_client.get(DASHBOARD, params).status_code == status


def test_needs_your_reply_lists_threads_where_the_asker_followed_up(doctor_client, doctor):
    waiting = AnswerFactory(doctor=doctor, question=_asked(3, title="Asker waiting"))
    ReplyFactory(answer=waiting)
    answered = AnswerFactory(doctor=doctor, question=_asked(3, title="Already replied"))
    asker_reply = ReplyFactory(answer=answered)
    ReplyFactory(
        answer=answered,
        author=doctor.user,
        parent=asker_reply,
        created_at=asker_reply.created_at + timedelta(minutes=5),
    )
    AnswerFactory(doctor=doctor, question=_asked(3, title="Nobody replied"))
    response = doctor_client.get(DASHBOARD, {"tab": "replies"})
    assert [answer.question.title for answer in response.context["page"].object_list] == ["Asker waiting"]


def test_my_answers_show_helpful_counts_and_drafts(doctor_client, doctor):
    helpful = AnswerFactory(doctor=doctor, question=_asked(2, title="Helped"))
    HelpfulMark.objects.create(answer=helpful, user=helpful.question.author)
    AnswerFactory(doctor=doctor, question=_asked(1, title="A draft"), status=PostStatus.PENDING)
    AnswerFactory(question=_asked(1, title="Somebody else's"))
    response = doctor_client.get(DASHBOARD, {"tab": "mine"})
    assertContains(response, "1 helpful mark")
    assertContains(response, "0 helpful marks")
    assertContains(response, "Awaiting review")
    assertNotContains(response, "Somebody else")


def test_each_tab_shows_its_count(doctor_client, doctor, acne):
    for days in (1, 2, 3):
        _asked(days).topics.add(acne)
    ReplyFactory(answer=AnswerFactory(doctor=doctor, question=_asked(5)))
    AnswerFactory(doctor=doctor, question=_asked(5))
    response = doctor_client.get(DASHBOARD)
    assert response.context["counts"] == {"queue": 3, "replies": 1, "mine": 2}
    content = response.content.decode()
    assert 'Waiting for an answer <span class="badge text-bg-light">3</span>' in content
    assert 'Needs your reply <span class="badge text-bg-light">1</span>' in content
    assert 'My answers <span class="badge text-bg-light">2</span>' in content


def _fill(doctor, acne, count):
    for _ in range(count):
        question = _asked(3, city=CityFactory())
        question.topics.add(acne, TopicFactory())
        answer = AnswerFactory(doctor=doctor, question=_asked(3))
        ReplyFactory(answer=answer)
        HelpfulMark.objects.create(answer=answer, user=answer.question.author)


@pytest.mark.parametrize("tab", ["queue", "replies", "mine"])
def test_dashboard_query_count_does_not_grow_with_rows(
    doctor_client, doctor, acne, django_assert_num_queries, tab
):
    # session, user, doctor and its topics, the page's count and rows (+ the rows' topics on
    # the queue), the two other tabs' counts, the open invitations, and on the queue the filter's
    # topic and city choices.
    expected = {"queue": 12, "replies": 9, "mine": 9}[tab]
    _fill(doctor, acne, 2)
    with django_assert_num_queries(expected):
        doctor_client.get(DASHBOARD, {"tab": tab})
    _fill(doctor, acne, 15)
    with django_assert_num_queries(expected):
        response = doctor_client.get(DASHBOARD, {"tab": tab})
    assert len(response.context["page"].object_list) == 17


# --- Daily digest --------------------------------------------------------------------


def test_digest_is_switched_on_and_off_from_the_dashboard(doctor_client, doctor):
    doctor_client.post(reverse("doctors:digest"), {"wants_daily_digest": "on"})
    doctor.refresh_from_db()
    assert doctor.wants_daily_digest
    response = doctor_client.post(reverse("doctors:digest"), {}, follow=True)
    doctor.refresh_from_db()
    assert not doctor.wants_daily_digest
    assertContains(response, "Daily digest switched off.")


def test_digest_emails_new_questions_in_the_doctors_topics(doctor, acne, mailoutbox):
    DoctorProfile.objects.filter(pk=doctor.pk).update(wants_daily_digest=True)
    fresh = QuestionFactory(title="Fresh acne question")
    fresh.topics.add(acne)
    _asked(3, title="Old acne question").topics.add(acne)
    QuestionFactory(title="Not my topic").topics.add(TopicFactory())
    call_command("send_doctor_digests")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [doctor.user.email]
    assert "Fresh acne question" in mailoutbox[0].body
    assert "Old acne question" not in mailoutbox[0].body
    assert "Not my topic" not in mailoutbox[0].body


def test_no_digest_when_switched_off_or_not_verified(doctor, acne, mailoutbox):
    QuestionFactory().topics.add(acne)
    doctor_send_digest.enqueue(doctor.pk)  # switched off by default
    pending = doctor_with_status(DoctorProfile.Verification.PENDING, wants_daily_digest=True)
    pending.topics.add(acne)
    doctor_send_digest.enqueue(pending.pk)
    call_command("send_doctor_digests")
    assert mailoutbox == []


# --- Public profiles -------------------------------------------------------------------


def test_profile_shows_facts_badge_bio_and_paginates_answers(client, django_assert_num_queries):
    doctor = DoctorFactory(
        name="Isabella Ward",
        specialty="Dermatology",
        clinic="Bow River Dermatology",
        city=CityFactory(name="Calgary"),
        licensing_body="College of Physicians and Surgeons of Alberta",
        bio="Twenty years of acne care.",
    )
    for days in range(25):
        AnswerFactory(doctor=doctor, question=_asked(days + 1, title=f"Question number {days:02d}"))
    AnswerFactory(doctor=doctor, question=_asked(1, title="Hidden one"), status=PostStatus.HIDDEN)
    # doctor, answers page, count
    with django_assert_num_queries(3):
        first = client.get(doctor.get_absolute_url())
    for text in ("Dr Isabella Ward", "Dermatology", "Bow River Dermatology", "Calgary", "Verified doctor"):
        assertContains(first, text)
    assertContains(first, "Licensed by College of Physicians and Surgeons of Alberta")
    assertContains(first, "Twenty years of acne care.")
    assertContains(first, "Question number 00")
    assertNotContains(first, "Question number 10")
    assertNotContains(first, "Hidden one")
    with django_assert_num_queries(3):
        third = client.get(doctor.get_absolute_url(), {"page": 3})
    assertContains(third, "Question number 24")
    assert client.get(doctor.get_absolute_url(), {"page": "x"}).status_code in (200, 404)


@pytest.mark.parametrize("status", ["pending", "rejected"])
def test_unverified_doctor_has_no_public_profile(client, status):
    assert client.get(doctor_with_status(status).get_absolute_url()).status_code == 404
