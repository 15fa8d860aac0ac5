"""Structured data (schema.org JSON-LD) for search engines, built from what the page
already loaded: no query of its own."""

from django.conf import settings
from django.utils.html import strip_tags

from answers.selectors import answer_url
from questions.models import PostStatus
from trust.selectors import answer_review_jsonld, question_review_jsonld


def _is_public(answer):
    """Mirrors AnswerQuerySet.published() on an answer already loaded for the page (the
    page may also hold the viewing doctor's own draft, which must not be published here)."""
    return answer.status == PostStatus.PUBLISHED


def _answer_data(answer, question_url, position):
    return {
        "@type": "Answer",
        "text": strip_tags(answer.body_html).strip(),
        "dateCreated": answer.created_at.isoformat(),
        "upvoteCount": getattr(answer, "helpful_count", 0),
        "url": answer_url(question_url=question_url, position=position, anchor=f"answer-{answer.pk}"),
        "author": {
            "@type": "Physician",
            "name": answer.doctor.display_name,
            "url": settings.SITE_URL + answer.doctor.get_absolute_url(),
        },
        # A clinical reviewer's decision on this answer (patient-trust issue), if any.
        **answer_review_jsonld(answer),
    }


def question_page_jsonld(*, question, answers, shown=None):
    """A schema.org QAPage for a published question, or None for anything else.

    `answers` are all the question's answers in page order; only those `shown` on this page
    of the question page (all when None) are described, as structured data must match what
    the page shows, while `answerCount` counts them all. The most helpful answer (with at
    least one helpful mark) is the accepted answer; the others are suggested answers.
    """
    if not question.is_published:
        return None
    question_url = settings.SITE_URL + question.get_absolute_url()
    # Where each answer is on the paged question page (`answers` come in page order).
    positions = {answer.pk: position for position, answer in enumerate(answers)}
    public = sorted(
        (a for a in answers if _is_public(a)),
        key=lambda a: (-getattr(a, "helpful_count", 0), a.created_at, a.pk),
    )
    entity = {
        "@type": "Question",
        "name": question.title,
        "text": question.body,
        "answerCount": len(public),
        "dateCreated": question.created_at.isoformat(),
        "url": question_url,
        "author": {"@type": "Person", "name": str(question.asked_by)},
    }
    # The page as a whole: who clinically reviewed its answers, and when last (patient trust).
    page = {"@context": "https://schema.org", "@type": "QAPage", "mainEntity": entity}
    page.update(question_review_jsonld(public))
    shown = positions.keys() if shown is None else {answer.pk for answer in shown}
    if public and getattr(public[0], "helpful_count", 0) > 0:
        if public[0].pk in shown:
            entity["acceptedAnswer"] = _answer_data(public[0], question_url, positions[public[0].pk])
        public = public[1:]
    suggested = [_answer_data(a, question_url, positions[a.pk]) for a in public if a.pk in shown]
    if suggested:
        entity["suggestedAnswer"] = suggested
    return page
