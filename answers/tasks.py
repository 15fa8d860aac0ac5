"""Emails about answers and replies. Queued on commit with ids; each re-reads what it needs."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django_tasks import task

from answers.models import Answer, Reply
from questions.models import PostStatus


def _send(template, context, to):
    context = {**context, "SITE_URL": settings.SITE_URL}
    subject = render_to_string(f"answers/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"answers/email/{template}.txt", context)
    send_mail(subject, body, None, [to])


@task()
def answer_notify_asker(answer_id):
    """Tell the asker a doctor answered, if they still want answer emails."""
    answer = Answer.objects.select_related("question__author", "doctor").filter(pk=answer_id).first()
    if answer is None or answer.status != PostStatus.PUBLISHED:
        return
    asker = answer.question.author
    if asker is None or not asker.wants_answer_emails or not asker.is_active:
        return
    _send("answer_posted", {"answer": answer, "question": answer.question}, asker.email)


@task()
def reply_notify(reply_id):
    """A doctor's reply goes to the asker (if they want answer emails); the asker's reply
    goes to the doctor whose answer it is under."""
    reply = (
        Reply.objects.select_related(
            "author__doctor_profile", "answer__doctor__user", "answer__question__author"
        )
        .filter(pk=reply_id)
        .first()
    )
    if reply is None or reply.status != PostStatus.PUBLISHED or reply.author is None:
        return
    answer = reply.answer
    question = answer.question
    context = {"reply": reply, "answer": answer, "question": question}
    if question.author_id == reply.author_id:
        doctor_user = answer.doctor.user
        if doctor_user.pk != reply.author_id and doctor_user.is_active:
            _send("asker_replied", context, doctor_user.email)
        return
    asker = question.author
    if asker is not None and asker.wants_answer_emails and asker.is_active:
        _send("doctor_replied", context, asker.email)
