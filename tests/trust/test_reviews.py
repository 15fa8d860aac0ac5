import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from answers.selectors import answers_for_question
from moderation.services import flag_create, post_hide
from tests.factories import AnswerFactory, DoctorFactory, UserFactory
from trust.models import ClinicalReview
from trust.selectors import answer_review_jsonld, question_review_jsonld
from trust.services.reviews import clinical_review_decide

pytestmark = pytest.mark.django_db
QUEUE = reverse("trust:reviews")


def _report_unsafe(answer):
    return flag_create(post=answer, reporter=UserFactory(), reason="unsafe", note="Says to stop antibiotics")


def test_unsafe_advice_report_opens_one_clinical_review():
    answer = AnswerFactory()
    _report_unsafe(answer)
    _report_unsafe(answer)
    review = ClinicalReview.objects.get()
    assert review.answer == answer and review.status == "open"


def test_other_report_reasons_open_no_review():
    answer = AnswerFactory()
    flag_create(post=answer, reporter=UserFactory(), reason="spam")
    assert not ClinicalReview.objects.exists()


def test_answer_shows_under_clinical_review_while_open(client):
    answer = AnswerFactory()
    _report_unsafe(answer)
    assertContains(client.get(answer.question.get_absolute_url()), "Under clinical review")


@pytest.mark.parametrize("who", ["anonymous", "patient", "doctor", "staff", "expired_reviewer"])
def test_only_clinical_reviewers_see_the_queue(client, who, reviewer):
    users = {
        "patient": lambda: UserFactory(),
        "doctor": lambda: DoctorFactory().user,
        "staff": lambda: UserFactory(is_staff=True),
        "expired_reviewer": lambda: _expire(reviewer).user,
    }
    if who != "anonymous":
        client.force_login(users[who]())
    response = client.get(QUEUE)
    assert response.status_code == (302 if who == "anonymous" else 403)


def _expire(doctor):
    doctor.verified_at = timezone.now() - datetime.timedelta(days=400)
    doctor.save()
    return doctor


def test_reviewer_queue_lists_open_reviews_with_fixed_queries(client, reviewer, django_assert_num_queries):
    for _ in range(3):
        _report_unsafe(AnswerFactory())
    client.force_login(reviewer.user)
    # session, user, doctor (and its topics), reviewer group check, open reviews
    with django_assert_num_queries(6):
        response = client.get(QUEUE)
    assertContains(response, "Publish my review", count=3)


def test_reviewer_confirms_an_answer_and_it_shows_with_json_ld(client, reviewer):
    answer = AnswerFactory()
    _report_unsafe(answer)
    review = ClinicalReview.objects.get()
    client.force_login(reviewer.user)
    response = client.post(
        reverse("trust:review_decide", args=[review.pk]), {"correction_note": ""}, follow=True
    )
    assertContains(response, "Your review is published on the answer.")
    review.refresh_from_db()
    assert review.status == "confirmed" and review.reviewer == reviewer
    page = client.get(answer.question.get_absolute_url())
    assertContains(page, "Reviewed by Dr Ana Reyes on")
    assertNotContains(page, "Under clinical review")
    [annotated] = answers_for_question(question=answer.question, user=reviewer.user)
    assert answer_review_jsonld(annotated) == {
        "reviewedBy": {"@type": "Person", "name": "Dr Ana Reyes"},
        "lastReviewed": review.decided_at.date().isoformat(),
    }
    # ... and the page's own JSON-LD carries it, on the answer and on the page.
    client.logout()
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>',
        client.get(answer.question.get_absolute_url()).content.decode(),
        re.S,
    )
    data = json.loads(blocks[0])
    expected = {
        "reviewedBy": {"@type": "Person", "name": "Dr Ana Reyes"},
        "lastReviewed": review.decided_at.date().isoformat(),
    }
    [answer_data] = data["mainEntity"]["suggestedAnswer"]
    assert {key: answer_data[key] for key in expected} == expected
    assert {key: data[key] for key in expected} == expected


def test_reviewer_adds_a_correction_note(client, reviewer):
    answer = AnswerFactory()
    _report_unsafe(answer)
    review = ClinicalReview.objects.get()
    client.force_login(reviewer.user)
    client.post(
        reverse("trust:review_decide", args=[review.pk]), {"correction_note": "Do not stop antibiotics."}
    )
    page = client.get(answer.question.get_absolute_url())
    assertContains(page, "Correction from clinical review")
    assertContains(page, "Do not stop antibiotics.")


def test_unreviewed_answer_has_no_review_json_ld():
    answer = AnswerFactory()
    [annotated] = answers_for_question(question=answer.question, user=None)
    assert answer_review_jsonld(annotated) == {}


def test_reviewer_cannot_review_their_own_answer(client, reviewer):
    answer = AnswerFactory(doctor=reviewer)
    _report_unsafe(answer)
    review = ClinicalReview.objects.get()
    client.force_login(reviewer.user)
    response = client.post(
        reverse("trust:review_decide", args=[review.pk]), {"correction_note": ""}, follow=True
    )
    assertContains(response, "You cannot review your own answer")
    review.refresh_from_db()
    assert review.status == "open"


def test_decision_on_an_answer_hidden_meanwhile_gets_a_clear_message(client, reviewer):
    answer = AnswerFactory()
    _report_unsafe(answer)
    review = ClinicalReview.objects.get()
    post_hide(post=answer, by=UserFactory(is_staff=True), reason="Unsafe")
    client.force_login(reviewer.user)
    response = client.post(
        reverse("trust:review_decide", args=[review.pk]), {"correction_note": ""}, follow=True
    )
    assert response.status_code == 200
    assertContains(response, "was hidden by a moderator after it was reported")


def test_correction_of_5000_characters_is_a_message_not_a_500(client, reviewer):
    _report_unsafe(AnswerFactory())
    review = ClinicalReview.objects.get()
    client.force_login(reviewer.user)
    response = client.post(
        reverse("trust:review_decide", args=[review.pk]), {"correction_note": "x" * 5000}, follow=True
    )
    assertContains(response, "Please keep the correction under 2000 characters.")


def test_non_reviewer_cannot_decide(client):
    _report_unsafe(AnswerFactory())
    review = ClinicalReview.objects.get()
    client.force_login(DoctorFactory().user)
    response = client.post(reverse("trust:review_decide", args=[review.pk]), {"correction_note": ""})
    assert response.status_code == 403
    review.refresh_from_db()
    assert review.status == "open"


def test_question_page_json_ld_names_every_reviewer_and_the_latest_review(reviewer):
    second = DoctorFactory(name="Ben Ode")
    second.user.groups.add(reviewer.user.groups.get())
    question = AnswerFactory().question
    first_answer = AnswerFactory(question=question)
    second_answer = AnswerFactory(question=question)
    for answer, doctor in ((first_answer, reviewer), (second_answer, second)):
        _report_unsafe(answer)
        clinical_review_decide(
            review=ClinicalReview.objects.open().get(answer=answer),
            reviewer_user=doctor.user,
            reviewer_doctor=doctor,
        )
    latest = ClinicalReview.objects.get(answer=second_answer)
    answers = answers_for_question(question=question, user=None)
    assert question_review_jsonld(answers) == {
        "reviewedBy": [
            {"@type": "Person", "name": "Dr Ben Ode"},
            {"@type": "Person", "name": "Dr Ana Reyes"},
        ],
        "lastReviewed": latest.decided_at.date().isoformat(),
    }


def test_question_page_json_ld_leaves_out_reviews_of_answers_hidden_later(reviewer):
    answer = AnswerFactory()
    _report_unsafe(answer)
    clinical_review_decide(
        review=ClinicalReview.objects.get(), reviewer_user=reviewer.user, reviewer_doctor=reviewer
    )
    assert question_review_jsonld(answers_for_question(question=answer.question, user=None))
    post_hide(post=answer, by=UserFactory(is_staff=True), reason="Unsafe")
    assert question_review_jsonld(answers_for_question(question=answer.question, user=None)) == {}


def test_a_review_opened_and_decided_shows_on_cached_pages_at_once(client, reviewer):
    answer = AnswerFactory()
    url = answer.question.get_absolute_url()
    assertNotContains(client.get(url), "Under clinical review")  # now cached for anonymous readers
    _report_unsafe(answer)
    assertContains(client.get(url), "Under clinical review")
    clinical_review_decide(
        review=ClinicalReview.objects.get(),
        reviewer_user=reviewer.user,
        reviewer_doctor=reviewer,
        correction_note="Do not stop antibiotics without your doctor.",
    )
    response = client.get(url)
    assertContains(response, "Do not stop antibiotics without your doctor.")
    assertNotContains(response, "Under clinical review")
