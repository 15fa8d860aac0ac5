"""Readers who get no page cache (signed-in patients) share one rendering of a question
page's content; the asker, doctors and moderators always get their own, and any change
shows at once."""

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from answers.services import answer_create
from moderation.services import post_hide
from questions.models import PostStatus
from tests.factories import AnswerFactory, DoctorFactory, QuestionFactory, QuestionPhotoFactory, UserFactory

pytestmark = pytest.mark.django_db

# session, user, the reader's (missing) doctor profile: nothing of the question itself
SHARED_QUERIES = 3


def _patient_client(**fields):
    client = Client()
    client.force_login(UserFactory(**fields))
    return client


def _main(response):
    body = response.content.decode()
    return body[body.index("<main") : body.index("</main>")]


@pytest.fixture
def question():
    question = QuestionFactory(title="Is a purge after retinol normal?")
    AnswerFactory(question=question, body="Yes, for **four to six weeks**.")
    return question


def test_a_second_patient_reads_the_content_the_first_one_rendered(question, django_assert_num_queries):
    first = _patient_client(display_name="Marguerite").get(question.get_absolute_url())
    second = _patient_client()
    with django_assert_num_queries(SHARED_QUERIES):
        response = second.get(question.get_absolute_url())
    assertContains(response, "<title>Is a purge after retinol normal? · askdoc</title>")
    assertContains(response, '<h1 id="question-title">Is a purge after retinol normal?</h1>')
    assertContains(response, "Yes, for <strong>four to six weeks</strong>.", html=True)
    assertContains(response, "Log out")  # the header is still the reader's own
    assert _main(response) == _main(first)
    assert "Marguerite" not in response.content.decode()  # nothing of the first reader's own


def test_a_shared_page_has_no_form_of_its_own(question):
    _patient_client().get(question.get_absolute_url())
    main = _main(_patient_client().get(question.get_absolute_url()))
    assert "<form" not in main
    assert "csrfmiddlewaretoken" not in main


def test_a_new_answer_shows_to_the_next_reader_at_once(question):
    _patient_client().get(question.get_absolute_url())
    answer_create(question=question, doctor=DoctorFactory(), body="Add a *moisturiser* too.")
    assertContains(_patient_client().get(question.get_absolute_url()), "Add a <em>moisturiser</em> too.")


def test_the_asker_never_gets_the_shared_content_nor_leaves_theirs(question):
    _patient_client().get(question.get_absolute_url())
    asker = Client()
    asker.force_login(question.author)
    response = asker.get(question.get_absolute_url())
    assertContains(response, "Mark as helpful")
    assertContains(response, "Invite a doctor to answer")
    # The asker's rendering (a new one, after the question changed) is not kept for readers.
    question.title = "Is a purge after retinol normal at 40?"
    question.save()
    assertContains(asker.get(question.get_absolute_url()), "Mark as helpful")
    reader = _patient_client().get(question.get_absolute_url())
    assertContains(reader, "normal at 40?")
    assertNotContains(reader, "Mark as helpful")
    assertNotContains(reader, "Invite a doctor")


@pytest.mark.parametrize("role", ["doctor", "moderator"])
def test_doctors_and_moderators_never_get_the_shared_content_nor_leave_theirs(role):
    question = QuestionFactory()
    QuestionPhotoFactory(question=question, is_public=False, caption="Left cheek, day 3")
    client = Client()
    client.force_login(DoctorFactory().user if role == "doctor" else UserFactory(is_staff=True))
    _patient_client().get(question.get_absolute_url())  # shared content for readers is kept
    assertContains(client.get(question.get_absolute_url()), "Left cheek, day 3")
    reader = _patient_client().get(question.get_absolute_url())
    assertNotContains(reader, "Left cheek, day 3")
    assertNotContains(reader, "Your answer")


def test_anonymous_and_signed_in_readers_share_one_content(question, settings, django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 0  # so the anonymous reader is not served a whole cached page
    Client().get(question.get_absolute_url())
    patient = _patient_client()
    with django_assert_num_queries(SHARED_QUERIES):
        assertContains(patient.get(question.get_absolute_url()), "four to six weeks")
    with django_assert_num_queries(0):
        assertContains(Client().get(question.get_absolute_url()), "four to six weeks")


def test_an_old_slug_still_redirects_when_the_content_is_shared(question):
    _patient_client().get(question.get_absolute_url())
    old = reverse("questions:detail", kwargs={"pk": question.pk, "slug": "an-old-title"})
    assertRedirects(_patient_client().get(old), question.get_absolute_url(), status_code=301)


def test_a_hidden_question_is_gone_for_readers_at_once(question):
    _patient_client().get(question.get_absolute_url())
    post_hide(post=question, by=UserFactory(is_staff=True), reason="Personal details.")
    assert _patient_client().get(question.get_absolute_url()).status_code == 404


def test_a_question_awaiting_review_is_never_shared():
    question = QuestionFactory(status=PostStatus.PENDING, published_at=None)
    asker = Client()
    asker.force_login(question.author)
    assertContains(asker.get(question.get_absolute_url()), "awaits review")
    assert _patient_client().get(question.get_absolute_url()).status_code == 404


def test_each_page_of_answers_is_shared_on_its_own(settings):
    settings.ANSWERS_PER_PAGE = 1
    question = QuestionFactory()
    AnswerFactory(question=question, body="The older answer.")
    AnswerFactory(question=question, body="The newer answer.")
    url = question.get_absolute_url()
    # Not a number: the first page; past the end: the last (as the paginator reads them).
    pages = {
        "": "older",
        "?page=2": "newer",
        "?page=abc": "older",
        "?page=99999999999": "newer",
        "?page=²": "older",
    }
    for _ in range(2):
        for page, shown in pages.items():
            assertContains(_patient_client().get(url + page), f"The {shown} answer.")


def test_sharing_can_be_turned_off(question, settings, django_assert_num_queries):
    settings.CONTENT_CACHE_SECONDS = 0
    _patient_client().get(question.get_absolute_url())
    patient = _patient_client()
    with django_assert_num_queries(SHARED_QUERIES + 3):  # + question, answers, replies
        patient.get(question.get_absolute_url())
