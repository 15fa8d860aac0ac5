"""Corrections, not silent edits: a doctor's change to a reported or reviewed answer is dated
and readers can see what changed."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from answers.models import AnswerVersion
from answers.services import answer_update
from moderation.services import flag_create, flag_dismiss
from tests.factories import AnswerFactory, DoctorFactory, QuestionFactory, UserFactory
from trust.diff import markdown_diff
from trust.models import ClinicalReview
from trust.services.reviews import clinical_review_decide

pytestmark = pytest.mark.django_db

ORIGINAL = "Stop the antibiotics after 2 days.\n\nUse a bland moisturiser."
CORRECTED = "Finish the antibiotics as prescribed.\n\nUse a bland moisturiser."


def _answer(question=None, **fields):
    # Dated in the past, so an edit now comes after the answer.
    question = question or QuestionFactory(created_at=timezone.now() - datetime.timedelta(hours=2))
    return AnswerFactory(question=question, body=ORIGINAL, **fields)


def _edit(answer, body=CORRECTED):
    return answer_update(answer=answer, editor=answer.doctor.user, body=body)


def test_edit_after_an_open_report_is_a_dated_correction():
    answer = _answer()
    flag_create(post=answer, reporter=UserFactory(), reason="misinformation")
    answer = _edit(answer)
    assert answer.corrected_at is not None and answer.corrected_at == answer.edited_at
    assert AnswerVersion.objects.get(answer=answer).is_correction


def test_edit_after_a_dismissed_report_is_still_a_correction():
    answer = _answer()
    flag = flag_create(post=answer, reporter=UserFactory(), reason="spam")
    flag_dismiss(flag=flag, by=UserFactory(is_staff=True))
    assert _edit(answer).corrected_at is not None


def test_edit_after_a_clinical_review_is_a_correction(reviewer):
    answer = _answer()
    flag_create(post=answer, reporter=UserFactory(), reason="unsafe")
    clinical_review_decide(
        review=ClinicalReview.objects.get(), reviewer_user=reviewer.user, reviewer_doctor=reviewer
    )
    assert _edit(answer).corrected_at is not None


def test_edit_of_an_answer_nobody_questioned_is_not_a_correction():
    answer = _edit(_answer())
    assert answer.edited_at is not None and answer.corrected_at is None
    assert not AnswerVersion.objects.get(answer=answer).is_correction


def test_changing_only_the_disclosure_is_not_a_correction():
    answer = _answer()
    flag_create(post=answer, reporter=UserFactory(), reason="spam")
    answer = answer_update(answer=answer, editor=answer.doctor.user, body=ORIGINAL, disclosure="Paid speaker")
    assert answer.corrected_at is None and not AnswerVersion.objects.exists()


def test_editing_a_reported_draft_never_happens_but_a_draft_edit_is_no_correction():
    answer = _answer(doctor=DoctorFactory(), status="pending")
    assert _edit(answer).corrected_at is None


def test_question_page_shows_the_correction_notice_and_links_to_the_diff(client):
    answer = _answer()
    flag_create(post=answer, reporter=UserFactory(), reason="misinformation")
    answer = _edit(answer)
    response = client.get(answer.question.get_absolute_url())
    assertContains(response, "Corrected on")
    assertContains(response, reverse("answers:changes", args=[answer.pk]))


def test_plain_edit_shows_no_correction_notice(client):
    answer = _edit(_answer())
    response = client.get(answer.question.get_absolute_url())
    assertNotContains(response, "Corrected on")
    assertContains(response, reverse("answers:changes", args=[answer.pk]))  # "edited" still links


def test_question_page_query_count_does_not_grow_with_corrections(
    client, django_assert_num_queries, settings
):
    settings.PAGE_CACHE_SECONDS = settings.CONTENT_CACHE_SECONDS = 0  # every request renders
    question = _answer().question
    client.get(question.get_absolute_url())  # finds (no) related questions, which is then kept
    baseline = _count_queries(client, question.get_absolute_url())  # one answer, never corrected
    for _ in range(2):
        answer = _answer(question=question)
        flag_create(post=answer, reporter=UserFactory(), reason="misinformation")
        _edit(answer)
    with django_assert_num_queries(baseline):
        response = client.get(question.get_absolute_url())
    assertContains(response, "Corrected on", count=2)


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_changes_page_shows_an_escaped_diff_with_ins_and_del(client, django_assert_num_queries):
    answer = _answer()
    flag_create(post=answer, reporter=UserFactory(), reason="misinformation")
    answer = _edit(answer, body=CORRECTED + "\n\n<script>alert(1)</script>")
    with django_assert_num_queries(2):  # the answer with its question and doctor, its versions
        response = client.get(reverse("answers:changes", args=[answer.pk]))
    assertContains(response, "<del>Stop</del>")
    assertContains(response, "<ins>Finish</ins>")
    assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")
    assertNotContains(response, "<script>alert(1)")
    assertContains(response, "Corrected on")


def test_changes_page_lists_every_edit_newest_first(client):
    answer = _edit(_answer(), body="Second version.")
    flag_create(post=answer, reporter=UserFactory(), reason="misinformation")
    answer = _edit(answer, body="Third version.")
    content = client.get(reverse("answers:changes", args=[answer.pk])).content.decode()
    assert content.index("Corrected on") < content.index("Edited on")
    assert "<ins>Third</ins>" in content and "<ins>Second</ins>" in content


@pytest.mark.parametrize("status", ["hidden", "removed"])
def test_changes_of_a_hidden_answer_are_a_404(client, status):
    answer = AnswerFactory(status=status)
    assert client.get(reverse("answers:changes", args=[answer.pk])).status_code == 404


def test_changes_of_a_draft_only_for_its_doctor(client):
    answer = AnswerFactory(status="pending")
    url = reverse("answers:changes", args=[answer.pk])
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(answer.doctor.user)
    assertContains(client.get(url), "has not been changed")


def test_changes_page_refuses_post(client):
    answer = _answer()
    assert client.post(reverse("answers:changes", args=[answer.pk])).status_code == 405


def test_markdown_diff_marks_words_and_keeps_the_rest():
    assert markdown_diff("a b c\nsame\n", "a x c\nsame\n") == [
        ("equal", "a "),
        ("delete", "b"),
        ("insert", "x"),
        ("equal", " c\n"),
        ("equal", "same\n"),
    ]


def test_markdown_diff_of_added_and_removed_lines():
    assert markdown_diff("one\n", "one\ntwo\n") == [("equal", "one\n"), ("insert", "two\n")]
    assert markdown_diff("one\ntwo\n", "two\n") == [("delete", "one\n"), ("equal", "two\n")]


def test_markdown_diff_of_large_repetitive_bodies_completes():
    old = "a " * 10000
    new = "b " + "a " * 9999
    segments = markdown_diff(old, new)
    assert "".join(text for op, text in segments if op != "insert") == old
    assert "".join(text for op, text in segments if op != "delete") == new
