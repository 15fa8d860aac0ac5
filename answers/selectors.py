"""Reads of answers and their reply threads, with visibility rules."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from answers.models import Answer, DoctorAgreement, HelpfulMark, Reply
from askdoc.db import json_list
from doctors.models import DoctorProfile
from trust.selectors import answers_trust_details, review_annotations


def _agreements_from(data):
    """DoctorAgreement objects (with their doctors) from the JSON the answers query carries,
    in the order they were given."""
    agreements = []
    for row in sorted(data or [], key=lambda row: row["id"]):
        doctor = DoctorProfile(
            id=row["doctor_id"],
            name=row["doctor_name"],
            slug=row["doctor_slug"],
            verification_status=row["doctor_status"],
        )
        agreement = DoctorAgreement(
            id=row["id"], answer_id=row["answer_id"], doctor=doctor, comment=row["comment"]
        )
        agreements.append(agreement)
    return agreements


def _answers(*, question, user, viewer_doctor=None):
    """The answers `user` may see on `question`, most helpful and most agreed-with first, with
    the agreeing doctors as `.agreement_list`: one query whatever their number (counts and
    agreements come as correlated subqueries and JSON)."""
    marked = (
        Exists(HelpfulMark.objects.filter(answer=OuterRef("pk"), user=user))
        if user is not None and user.is_authenticated
        else Value(False)
    )
    answers = list(
        Answer.objects.visible_to(user)
        .filter(question=question)
        .select_related("doctor", "doctor__city")
        .annotate(
            # Correlated subqueries, not JOINs with GROUP BY: planning the grouped query
            # took longer than running it.
            helpful_count=Coalesce(
                Subquery(
                    HelpfulMark.objects.filter(answer=OuterRef("pk"))
                    .order_by()
                    .values("answer")
                    .annotate(n=Count("pk"))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
            is_marked_helpful=marked,
            **review_annotations(),
            agreements_data=json_list(
                DoctorAgreement.objects,
                on="answer",
                id="id",
                answer_id="answer_id",
                comment="comment",
                doctor_id="doctor_id",
                doctor_name="doctor__name",
                doctor_slug="doctor__slug",
                doctor_status="doctor__verification_status",
            ),
        )
    )
    viewer_doctor_id = viewer_doctor.pk if viewer_doctor is not None else None
    for answer in answers:
        answer.agreement_list = _agreements_from(answer.agreements_data)
        answer.agreement_count = len(answer.agreement_list)
        answer.is_agreed_by_viewer = any(a.doctor_id == viewer_doctor_id for a in answer.agreement_list)
        answer.is_by_viewer = answer.doctor_id == viewer_doctor_id
    answers.sort(key=lambda a: (-a.helpful_count, -a.agreement_count, a.created_at, a.pk))
    return answers


def _with_threads(answers, *, user):
    """Give each of `answers` its visible reply tree as `.thread`: one query for all of them,
    the tree built in Python so the template never queries."""
    replies = (
        Reply.objects.visible_to(user)
        .filter(answer__in=[answer.pk for answer in answers])
        .select_related("author__doctor_profile")
        .order_by("created_at", "id")
    )
    by_id = {}
    top_level = {}
    for reply in replies:
        reply.thread = []
        by_id[reply.pk] = reply
    for reply in by_id.values():
        parent = by_id.get(reply.parent_id)
        if parent is not None:
            parent.thread.append(reply)
        elif reply.parent_id is None:
            top_level.setdefault(reply.answer_id, []).append(reply)
        # A reply whose parent is not visible to this user is not shown either.
    for answer in answers:
        answer.thread = top_level.get(answer.pk, [])
    return answers


def answers_for_question(*, question, user, viewer_doctor=None):
    """Every answer `user` may see on `question`, in page order, each with its reply tree as
    `.thread` and the agreeing doctors as `.agreement_list`. Two queries."""
    answers = _answers(question=question, user=user, viewer_doctor=viewer_doctor)
    return answers_trust_details(_with_threads(answers, user=user))


def answer_url(*, question_url, position, anchor):
    """The link to `anchor` (an answer or one of its replies) on the page of the question page
    that shows the answer at 0-based `position`."""
    page_number = position // settings.ANSWERS_PER_PAGE + 1
    return f"{question_url}?page={page_number}#{anchor}" if page_number > 1 else f"{question_url}#{anchor}"


def question_page_answers(*, question, user, viewer_doctor, page_number=None):
    """Everything the question page needs about answers and what the viewer may do there.

    Answers come ANSWERS_PER_PAGE to a page, so a question with many answers costs about as
    much as one with few: every answer is read (one query; their order needs all their
    counts) but only the page's answers get their replies and are rendered. `all_answers`
    (without threads) serve the structured data and the totals. Any page number is
    accepted: not a number gives the first page, past the end the last.
    """
    all_answers = _answers(question=question, user=user, viewer_doctor=viewer_doctor)
    page = Paginator(all_answers, settings.ANSWERS_PER_PAGE).get_page(page_number)
    answers = answers_trust_details(_with_threads(list(page.object_list), user=user))
    # An expired verification keeps the doctor's answers up but stops new ones (trust).
    is_verified_doctor = viewer_doctor is not None and viewer_doctor.can_publish
    is_asker = user.is_authenticated and question.author_id == user.pk
    open_thread = question.is_published and not question.is_locked
    has_answered = any(answer.is_by_viewer for answer in all_answers)
    return {
        "answers": answers,
        "all_answers": all_answers,
        "answers_page": page,
        "viewer_doctor": viewer_doctor,
        "is_asker": is_asker,
        # Pending and rejected doctors may draft; a withdrawn doctor writes nothing new.
        "can_answer": viewer_doctor is not None
        and not viewer_doctor.is_withdrawn
        and question.is_published
        and not has_answered,
        "can_reply": open_thread and (is_asker or is_verified_doctor),
        "can_agree": is_verified_doctor,
    }


def answer_position(*, answer, user):
    """The 0-based place of `answer` among the answers `user` sees on its question page."""
    answers = _answers(question=answer.question, user=user)
    return next(i for i, other in enumerate(answers) if other.pk == answer.pk)


def answer_for_editing(*, pk, user):
    """The user's own answer with `pk` (drafts too), else Answer.DoesNotExist."""
    return Answer.objects.visible_to(user).select_related("question", "doctor").get(pk=pk, doctor__user=user)


def answer_for_thread(*, pk, user):
    """An answer `user` may see with its question, for replying, marking or agreeing."""
    return Answer.objects.visible_to(user).select_related("question", "doctor").get(pk=pk)
