import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from moderation.models import Flag
from questions.models import PostStatus
from tests.factories import AnswerFactory, QuestionFactory, ReplyFactory, UserFactory

pytestmark = pytest.mark.django_db


def report_url(kind, pk):
    return reverse("moderation:report", kwargs={"kind": kind, "pk": pk})


@pytest.fixture
def reader_client(client):
    client.force_login(UserFactory())
    return client


def test_anonymous_reader_is_sent_to_log_in(client):
    question = QuestionFactory()
    url = report_url("question", question.pk)
    response = client.post(url, {"reason": "spam"})
    assertRedirects(response, f"{reverse('account_login')}?next={url}", fetch_redirect_response=False)
    assert not Flag.objects.exists()


def test_report_page_shows_the_form(reader_client, django_assert_num_queries):
    answer = AnswerFactory()
    with django_assert_num_queries(3):
        response = reader_client.get(report_url("answer", answer.pk))
    assertContains(response, "What is wrong with this post?")
    assertContains(response, "Medical misinformation")


@pytest.mark.parametrize(
    "factory,kind", [(QuestionFactory, "question"), (AnswerFactory, "answer"), (ReplyFactory, "reply")]
)
def test_reader_reports_a_post_and_returns_to_the_thread(reader_client, factory, kind):
    post = factory()
    response = reader_client.post(report_url(kind, post.pk), {"reason": "spam", "note": "Ads"})
    assert response.status_code == 302
    flag = Flag.objects.get()
    assert (flag.post, flag.reason, flag.note) == (post, "spam", "Ads")


def test_reporting_your_own_post_is_refused_with_a_message(client):
    question = QuestionFactory()
    client.force_login(question.author)
    response = client.post(report_url("question", question.pk), {"reason": "spam", "note": "mine"})
    assertContains(response, "You cannot report your own post.")
    assertContains(response, "mine")
    assert not Flag.objects.exists()


def test_reporting_twice_is_refused_with_a_message(reader_client):
    question = QuestionFactory()
    reader_client.post(report_url("question", question.pk), {"reason": "spam"})
    response = reader_client.post(report_url("question", question.pk), {"reason": "abuse"})
    assertContains(response, "already reported")
    assert Flag.objects.count() == 1


def test_a_report_without_a_reason_shows_the_error_next_to_the_field(reader_client):
    question = QuestionFactory()
    response = reader_client.post(report_url("question", question.pk), {"reason": "", "note": "keep me"})
    assertContains(response, "This field is required.")
    assertContains(response, "keep me")


def test_a_hidden_post_cannot_be_reported(reader_client):
    question = QuestionFactory(status=PostStatus.HIDDEN)
    assert reader_client.get(report_url("question", question.pk)).status_code == 404


def test_an_unknown_kind_of_post_is_a_404(reader_client):
    assert reader_client.get(report_url("doctor", 1)).status_code == 404


def test_a_get_never_writes(reader_client):
    question = QuestionFactory()
    reader_client.get(report_url("question", question.pk), {"reason": "spam"})
    assert not Flag.objects.exists()


def test_question_page_links_report_for_question_answer_and_reply(client):
    reply = ReplyFactory()
    question = reply.answer.question
    response = client.get(question.get_absolute_url())
    assertContains(response, report_url("question", question.pk))
    assertContains(response, report_url("answer", reply.answer.pk))
    assertContains(response, report_url("reply", reply.pk))
