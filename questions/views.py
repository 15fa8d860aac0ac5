from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from answers.selectors import question_page_answers
from askdoc.pagination import paginate
from doctors.permissions import doctor_for
from questions.forms import QuestionForm
from questions.models import Question, Topic
from questions.selectors import question_get, question_list
from questions.services import question_create


@require_safe
def home(request):
    """Anyone: the latest published questions."""
    page = paginate(request, question_list())
    return render(request, "questions/home.html", {"page": page})


@require_safe
def topic_list(request):
    """Anyone: every topic."""
    return render(request, "questions/topic_list.html", {"topics": Topic.objects.all()})


@require_safe
def topic_detail(request, slug):
    """Anyone: the published questions filed under one topic."""
    topic = get_object_or_404(Topic, slug=slug)
    page = paginate(request, question_list(topic=topic))
    return render(request, "questions/topic_detail.html", {"topic": topic, "page": page})


@require_safe
def question_detail(request, pk, slug=None):
    """Anyone for a published question; its asker also while it awaits review.

    An old or missing slug redirects permanently to the canonical URL.
    """
    try:
        question = question_get(pk=pk, user=request.user)
    except Question.DoesNotExist:
        raise Http404("No such question.") from None
    if slug != question.slug:
        return redirect(question, permanent=True)
    answers = question_page_answers(
        question=question, user=request.user, viewer_doctor=doctor_for(request.user)
    )
    return render(request, "questions/question_detail.html", {"question": question, **answers})


@login_required
def question_ask(request):
    """Signed-in users: ask a question. It waits for review and its asker can see it at once."""
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        question = question_create(
            author=request.user,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            topics=form.cleaned_data["topics"],
            city=form.cleaned_data["city"],
            display_name="" if form.cleaned_data["ask_anonymously"] else None,
        )
        messages.success(request, _("Thank you. Your question will appear once a moderator has read it."))
        return redirect(question)
    return render(request, "questions/question_ask.html", {"form": form})
