from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from answers.forms import AgreementForm, AnswerForm, ReplyForm
from answers.models import Answer, Reply
from answers.selectors import answer_for_editing, answer_for_thread, answer_position, answer_url
from answers.services import (
    agreement_toggle,
    answer_create,
    answer_update,
    helpful_toggle,
    reply_create,
    reply_permission_check,
)
from askdoc.markdown import render_markdown
from askdoc.ratelimit import rate_limit
from doctors.permissions import doctor_for, doctor_required, refuse
from questions.models import PostStatus, Question
from trust.selectors import answer_changes
from trust.services.findings import personal_details_check


def _wanted(request, name):
    """The state a toggle button asks for ("1" or "0"), or None to flip it (older pages)."""
    return {"1": True, "0": False}.get(request.POST.get(name))


def _action(request):
    """Which submit button was pressed: preview, draft or publish (the default)."""
    return request.POST.get("action") if request.POST.get("action") in ("preview", "draft") else "publish"


def _refuse_publishing(request, doctor):
    """A doctor who is not verified pressed "publish": only drafts are open to them."""
    return refuse(request, doctor.refusal_message())


def _already_answered(request, *, question, doctor, answer):
    """A second answer to the same question: the form again, with what was typed kept and the
    refusal beside the answer field, linking to the answer to edit instead."""
    form = AnswerForm(request.POST)
    form.add_error(
        "body",
        format_html(
            '{} <a href="{}">{}</a>',
            _("You have already answered this question."),
            reverse("answers:edit", args=[answer.pk]),
            _("Edit your answer"),
        ),
    )
    context = {"form": form, "question": question, "doctor": doctor, "preview_html": None}
    return render(request, "answers/answer_form.html", context)


@doctor_required
@rate_limit("answer", action_for=lambda request: "preview" if _action(request) == "preview" else "answer")
def answer_new(request, question_pk):
    """Doctors: write an answer with a no-JS preview step. Verified doctors publish at once;
    a pending or rejected doctor may only preview and save a draft that nobody else sees.
    Anonymous: to log in; patients and withdrawn doctors: 403. A question that is not
    published is refused with a message; one the doctor already answered is refused beside
    the answer field, keeping what they typed, with a link to edit their answer."""
    doctor = request.doctor
    action = _action(request)
    if request.method == "POST" and action == "publish" and not doctor.can_publish:
        return _refuse_publishing(request, doctor)
    question = get_object_or_404(Question, pk=question_pk)
    if not question.is_published:
        return refuse(request, _("This question is not open for answers."))
    existing = Answer.objects.filter(question=question, doctor=doctor).select_related("question").first()
    if existing is not None and request.method == "POST":
        if action != "preview" and request.POST.get("body", "").strip() == existing.body:
            return redirect(existing)  # the same form sent twice (a double click): it is saved
        return _already_answered(request, question=question, doctor=doctor, answer=existing)
    if existing is not None:
        messages.info(
            request, _("You have already answered this question; edit your answer or reply in its thread.")
        )
        return redirect(question)
    form = AnswerForm(request.POST or None)
    preview_html = None
    if request.method == "POST" and form.is_valid():
        if action == "preview":
            preview_html = render_markdown(form.cleaned_data["body"])
        else:
            try:
                answer = answer_create(
                    question=question,
                    doctor=doctor,
                    body=form.cleaned_data["body"],
                    disclosure=form.cleaned_data["disclosure"],
                    publish=action == "publish",
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("Your answer is published.") if action == "publish" else _("Draft saved.")
                )
                return redirect(answer)
    context = {"form": form, "question": question, "doctor": doctor, "preview_html": preview_html}
    return render(request, "answers/answer_form.html", context)


@doctor_required
def answer_edit(request, pk):
    """The answer's doctor: edit it with a preview step; earlier versions are kept.
    Someone else's answer is a 404; a doctor who is not verified can change only a draft
    (and a withdrawn doctor nothing)."""
    try:
        answer = answer_for_editing(pk=pk, user=request.user)
    except Answer.DoesNotExist:
        return refuse(request, _("No such answer of yours."), status=404)
    is_draft = answer.status == PostStatus.PENDING
    action = _action(request)
    if not answer.doctor.can_publish and (not is_draft or (request.method == "POST" and action == "publish")):
        return _refuse_publishing(request, answer.doctor)
    if answer.status in (PostStatus.HIDDEN, PostStatus.REMOVED):
        return refuse(request, _("This answer was hidden by a moderator and cannot be edited."))
    form = AnswerForm(request.POST or None, initial={"body": answer.body, "disclosure": answer.disclosure})
    preview_html = None
    if request.method == "POST" and form.is_valid():
        if action == "preview":
            preview_html = render_markdown(form.cleaned_data["body"])
        else:
            try:
                answer = answer_update(
                    answer=answer,
                    editor=request.user,
                    body=form.cleaned_data["body"],
                    disclosure=form.cleaned_data["disclosure"],
                    publish=action == "publish",
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your answer is saved."))
                return redirect(answer)
    context = {
        "form": form,
        "question": answer.question,
        "doctor": answer.doctor,
        "answer": answer,
        "preview_html": preview_html,
    }
    return render(request, "answers/answer_form.html", context)


@require_safe
def answer_permalink(request, pk):
    """Anyone who may see the answer and its question: a redirect to the page of the question
    page showing it now (answers are paged, and their order changes with helpful marks), at
    the answer or, with `?reply=<id>`, at one of its replies. Two queries."""
    answer = get_object_or_404(_visible_answers(request.user), pk=pk)
    position = answer_position(answer=answer, user=request.user)
    reply = request.GET.get("reply", "")
    anchor = f"reply-{reply}" if reply.isascii() and reply.isdigit() else f"answer-{answer.pk}"
    return redirect(
        answer_url(question_url=answer.question.get_absolute_url(), position=position, anchor=anchor)
    )


def _visible_answers(user):
    """Answers `user` may see, on questions `user` may see (a hidden question's title, in its
    URL, must not leak through one of its answers)."""
    questions = Question.objects.visible_to(user)
    return Answer.objects.visible_to(user).filter(question__in=questions).select_related("question", "doctor")


@require_safe
def answer_changes_view(request, pk):
    """Anyone who may see the answer (published: everyone; a draft: its doctor): every edit
    of it, newest first, as a diff of its Markdown; corrections after a report or a clinical
    review are marked. Two queries."""
    answer = get_object_or_404(_visible_answers(request.user), pk=pk)
    context = {"answer": answer, "question": answer.question, "changes": answer_changes(answer=answer)}
    return render(request, "answers/answer_changes.html", context)


@login_required
@rate_limit("reply")
def reply_new(request, pk):
    """The asker and verified doctors: reply under an answer, or under a reply (`parent`).
    Anonymous: to log in; anyone else (patients, unverified or withdrawn doctors): 403."""
    try:
        answer = answer_for_thread(pk=pk, user=request.user)
    except Answer.DoesNotExist:
        return refuse(request, _("No such answer."), status=404)
    try:
        reply_permission_check(answer=answer, author=request.user)
    except PermissionDenied as error:
        return refuse(request, str(error))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(answer)
    form = ReplyForm(request.POST or None, initial={"parent": request.GET.get("parent")})
    guard = None
    if request.method == "POST" and form.is_valid():
        parent = None
        if form.cleaned_data["parent"]:
            parent = (
                Reply.objects.visible_to(request.user)
                .filter(answer=answer, pk=form.cleaned_data["parent"])
                .first()
            )
            if parent is None:
                form.add_error(None, _("The reply you answered is no longer there."))
        texts, guard = personal_details_check(
            user=request.user,
            source="reply",
            texts={"body": form.cleaned_data.get("body", "")},
            choice=request.POST.get("guard", ""),
        )
        if form.is_valid() and guard is None:
            try:
                reply = reply_create(
                    answer=answer, author=request.user, body=texts["body"][:5000], parent=parent
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your reply is posted."))
                return redirect(reply)
    context = {"form": form, "answer": answer, "question": answer.question, "guard": guard}
    return render(request, "answers/reply_form.html", context)


@login_required
@require_POST
def helpful_mark(request, pk):
    """The asker: mark an answer helpful, or take the mark back. Anonymous: to log in;
    anyone else: 403."""
    answer = get_object_or_404(Answer.objects.published().select_related("question"), pk=pk)
    try:
        is_marked = helpful_toggle(answer=answer, user=request.user, marked=_wanted(request, "marked"))
    except PermissionDenied as error:
        return refuse(request, str(error))
    messages.success(request, _("Marked as helpful.") if is_marked else _("Helpful mark removed."))
    return redirect(answer)


@login_required
@require_POST
def agreement(request, pk):
    """Verified doctors: agree with another doctor's answer (with an optional line), or withdraw;
    a comment that is too long is shown again on a page of its own with the error beside it.
    Anonymous: to log in; patients and doctors who are not verified: 403."""
    doctor = doctor_for(request.user)
    if doctor is None:
        return refuse(request, _("Only verified doctors can agree with an answer."), show_join=True)
    if not doctor.can_publish:
        return refuse(request, doctor.refusal_message())
    answer = get_object_or_404(Answer.objects.published().select_related("question"), pk=pk)
    form = AgreementForm(request.POST)
    if not form.is_valid():
        context = {"form": form, "answer": answer, "question": answer.question}
        return render(request, "answers/agreement_form.html", context)
    try:
        agrees = agreement_toggle(
            answer=answer,
            doctor=doctor,
            comment=form.cleaned_data["comment"],
            agrees=_wanted(request, "agrees"),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You agree with this answer.") if agrees else _("Agreement withdrawn."))
    return redirect(answer)
