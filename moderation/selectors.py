"""Reads for the report page: only public posts can be reported."""

from django.http import Http404

from answers.models import Answer, Reply
from questions.models import Question

REPORTABLE = {
    "question": lambda: Question.objects.published(),
    "answer": lambda: Answer.objects.published().select_related("doctor", "question"),
    "reply": lambda: Reply.objects.published().select_related("answer__question"),
}


def reportable_post_get(*, kind, pk):
    """The published question, answer or reply, else Http404."""
    if kind not in REPORTABLE:
        raise Http404("No such kind of post.")
    try:
        return REPORTABLE[kind]().get(pk=pk)
    except (Question.DoesNotExist, Answer.DoesNotExist, Reply.DoesNotExist):
        raise Http404("No such post.") from None


def post_thread_url(post):
    """Where a post is read: its question page (with an anchor for answers and replies)."""
    if isinstance(post, Question):
        return post.get_absolute_url()
    if isinstance(post, Answer):
        return post.get_absolute_url()
    return post.get_absolute_url()
