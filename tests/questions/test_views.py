import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from questions.models import PostStatus
from tests.factories import (
    AnswerFactory,
    DoctorFactory,
    QuestionFactory,
    ReplyFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _question_with_thread(answers, replies_per_answer):
    question = QuestionFactory(title="Why am I breaking out after microneedling?")
    for _ in range(answers):
        answer = AnswerFactory(question=question, doctor=DoctorFactory())
        parent = None
        for _reply in range(replies_per_answer):
            parent = ReplyFactory(answer=answer, parent=parent)
    return question


def test_question_page_shows_title_asker_date_count_body_answers_and_replies(client):
    question = QuestionFactory(
        title="Why am I breaking out?", author_display_name="Theo H.", body="Spots after my session."
    )
    answer = AnswerFactory(
        question=question, doctor=DoctorFactory(name="Isabella Ward"), body="## Why\n\nOil."
    )
    ReplyFactory(answer=answer, body="Should I stop my serum?", author_display_name="Theo H.")
    response = client.get(question.get_absolute_url())
    assertContains(response, '<h1 id="question-title">Why am I breaking out?</h1>', html=False)
    assertContains(response, "Asked by Theo H.")
    assertContains(response, f'<time datetime="{timezone.localtime(question.created_at).isoformat()}">')
    assertContains(response, "1 Answer")
    assertContains(response, "Spots after my session.")
    assertContains(response, "Dr Isabella Ward")
    assertContains(response, "<h2>Why</h2>", html=False)
    assertContains(response, "Should I stop my serum?")
    assertContains(
        response, f'<link rel="canonical" href="http://127.0.0.1:8000{question.get_absolute_url()}">'
    )
    assertContains(response, answer.doctor.get_absolute_url())


def test_question_page_shows_a_moderator_note_above_the_answer(client):
    answer = AnswerFactory(moderator_note="Claims not supported by evidence.")
    response = client.get(answer.question.get_absolute_url())
    content = response.content.decode()
    assert content.index("Claims not supported by evidence.") < content.index(answer.body_html[:20])


def test_question_page_query_count_does_not_grow_with_answers(client, django_assert_num_queries):
    small = _question_with_thread(answers=2, replies_per_answer=0)
    heavy = _question_with_thread(answers=50, replies_per_answer=3)
    # the question with its topics, the answers with counts and agreements, the replies,
    # the related questions
    with django_assert_num_queries(4):
        small_response = client.get(small.get_absolute_url())
    with django_assert_num_queries(4):
        heavy_response = client.get(heavy.get_absolute_url())
    assertContains(small_response, "2 Answers")
    assertContains(heavy_response, "50 Answers")
    # Answers come 10 to a page; only the page's answers get their replies.
    assert heavy_response.content.decode().count('class="reply"') == 30
    with django_assert_num_queries(4):  # the related questions are read by id (found already)
        last_page = client.get(heavy.get_absolute_url() + "?page=5")
    assert last_page.content.decode().count('class="reply"') == 30


def test_old_slug_redirects_permanently_to_the_canonical_url(client):
    question = QuestionFactory(slug="new-slug")
    response = client.get(reverse("questions:detail", kwargs={"pk": question.pk, "slug": "old-slug"}))
    assertRedirects(response, question.get_absolute_url(), status_code=301)
    response = client.get(reverse("questions:detail_short", kwargs={"pk": question.pk}))
    assertRedirects(response, question.get_absolute_url(), status_code=301)


@pytest.mark.parametrize("status", [PostStatus.PENDING, PostStatus.HIDDEN, PostStatus.REMOVED])
def test_question_not_published_is_a_404_for_others(client, status):
    question = QuestionFactory(status=status, published_at=None)
    client.force_login(UserFactory())
    assert client.get(question.get_absolute_url()).status_code == 404


def test_asker_sees_own_pending_question_with_a_banner(client):
    question = QuestionFactory(status=PostStatus.PENDING, published_at=None)
    client.force_login(question.author)
    assertContains(client.get(question.get_absolute_url()), "awaits review")


def test_hidden_answers_and_replies_are_not_shown(client):
    question = QuestionFactory()
    AnswerFactory(question=question, status=PostStatus.HIDDEN, body="Hidden advice")
    visible = AnswerFactory(question=question)
    ReplyFactory(answer=visible, status=PostStatus.HIDDEN, body="Hidden reply")
    response = client.get(question.get_absolute_url())
    assertNotContains(response, "Hidden advice")
    assertNotContains(response, "Hidden reply")
    assertContains(response, "1 Answer")


def test_unknown_question_is_a_styled_404(client):
    response = client.get("/questions/999999-nothing-here/")
    assert response.status_code == 404
    assertContains(response, "Page not found", status_code=404)
    assertContains(response, "Stay in touch", status_code=404)


def test_home_lists_latest_published_questions_with_answer_counts(client, django_assert_num_queries):
    older = QuestionFactory(title="Older question", created_at=timezone.now() - timezone.timedelta(days=1))
    newer = QuestionFactory(title="Newer question")
    AnswerFactory(question=newer)
    AnswerFactory(question=newer)
    AnswerFactory(question=newer, status=PostStatus.HIDDEN)
    QuestionFactory(title="Pending question", status=PostStatus.PENDING, published_at=None)
    for question in (older, newer):
        question.topics.add(TopicFactory())
    with django_assert_num_queries(3):
        response = client.get("/")
    content = response.content.decode()
    assert content.index("Newer question") < content.index("Older question")
    assertContains(response, "2 answers")
    assertNotContains(response, "Pending question")


def test_home_paginates_and_refuses_bad_page_numbers(client, settings):
    settings.QUESTIONS_PER_PAGE = 2
    QuestionFactory.create_batch(3)
    assert client.get("/?page=2").status_code == 200
    for bad in ("3", "0", "-1", "abc", "99999"):
        response = client.get(f"/?page={bad}")
        assert response.status_code == 404, bad


def test_topic_page_lists_its_published_questions(client, django_assert_num_queries):
    topic = TopicFactory(name="Microneedling", slug="microneedling")
    inside = QuestionFactory(title="Inside the topic")
    inside.topics.add(topic)
    QuestionFactory(title="Outside the topic")
    with django_assert_num_queries(4):
        response = client.get(reverse("questions:topic", kwargs={"slug": "microneedling"}))
    assertContains(response, "Inside the topic")
    assertNotContains(response, "Outside the topic")


def test_unknown_topic_is_a_404(client):
    assert client.get("/topics/no-such-topic/").status_code == 404


def test_topic_list(client, django_assert_num_queries):
    TopicFactory(name="Acne", slug="acne")
    with django_assert_num_queries(1):
        response = client.get(reverse("questions:topic_list"))
    assertContains(response, "Acne")


def test_every_page_has_the_footer_newsletter_form(client):
    response = client.get("/")
    assertContains(response, "Stay in touch")
    assertContains(response, 'action="/newsletter/subscribe/"')
    assertContains(response, '<label class="form-label" for="id_email">')
