import uuid
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from answers.selectors import question_page_answers
from askdoc.pagination import paginate
from doctors.permissions import doctor_for
from questions.forms import QuestionEditForm, QuestionForm
from questions.models import Question, QuestionPhoto, Topic
from questions.photos import photo_drafts_delete, photo_drafts_store
from questions.selectors import (
    photo_get,
    question_get,
    question_get_for_edit,
    question_list,
    question_photos_for,
    questions_of_asker,
    similar_questions,
)
from questions.services import mentions_emergency, question_can_be_edited, question_create, question_update
from search.selectors import MAX_RESULTS, browse_questions, doctors_answering, related_questions
from search.seo import question_page_jsonld


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
    """Anyone: the published questions filed under one topic, and the doctors who answer it."""
    topic = get_object_or_404(Topic, slug=slug)
    page = paginate(request, browse_questions(topic=topic), max_results=MAX_RESULTS)
    doctors = doctors_answering(topic=topic)
    return render(request, "questions/topic_detail.html", {"topic": topic, "page": page, "doctors": doctors})


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
    photos = question_photos_for(question=question, user=request.user)
    related = related_questions(question=question) if question.is_published else []
    jsonld = question_page_jsonld(question=question, answers=answers["answers"])
    context = {"question": question, "photos": photos, "related": related, "jsonld": jsonld, **answers}
    return render(request, "questions/question_detail.html", context)


def _ask_checks(request, form):
    """The steps shown before posting: similar questions, then an urgent-care notice.

    Returns a re-bound form carrying what was typed (and the steps now seen) plus the
    step context, or None when the question can be posted.
    """
    data = form.cleaned_data
    similar = [] if data["seen_similar"] else similar_questions(title=data["title"])
    urgent = not data["confirmed_urgent"] and mentions_emergency(f"{data['title']} {data['body']}")
    if not similar and not urgent:
        return None
    post = request.POST.copy()
    post["seen_similar"] = "on"
    if urgent:
        post["confirmed_urgent"] = "on"
    if data["photos"]:
        post["photo_drafts"] = photo_drafts_store(user=request.user, photos=data["photos"])
    context = {"similar": similar, "urgent": urgent, "photos_kept": len(data["photos"])}
    return QuestionForm(post, user=request.user), context


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def question_ask(request):
    """Signed-in users: ask a question. It waits for review and its asker can see it at once."""
    if request.method != "POST":
        form = QuestionForm(initial={"form_token": uuid.uuid4().hex}, user=request.user)
        return render(request, "questions/question_ask.html", {"form": form})
    form = QuestionForm(request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        return render(request, "questions/question_ask.html", {"form": form})
    step = _ask_checks(request, form)
    if step is not None:
        step_form, context = step
        return render(request, "questions/question_ask.html", {"form": step_form, **context})
    data = form.cleaned_data
    question = question_create(
        author=request.user,
        title=data["title"],
        body=data["body"],
        topics=data["topics"],
        city=data["city"],
        display_name="" if data["ask_anonymously"] else None,
        photos=data["photos"],
        photos_are_public=bool(data["photos_public"]),
        form_token=data["form_token"],
    )
    if data["photo_drafts"]:
        transaction.on_commit(partial(photo_drafts_delete, token=data["photo_drafts"]))
    messages.success(request, _("Thank you. Your question will appear once a moderator has read it."))
    return redirect(question)


@require_safe
def question_similar(request):
    """Anyone: published questions similar to a title being typed, as JSON (for static/js)."""
    questions = similar_questions(title=request.GET.get("title", "")[:200])
    results = [{"title": q.title, "url": q.get_absolute_url()} for q in questions]
    return JsonResponse({"results": results})


@login_required
@require_safe
def my_questions(request):
    """Signed-in users: their own questions, with their state and latest activity."""
    page = paginate(request, questions_of_asker(user=request.user))
    return render(request, "questions/my_questions.html", {"page": page})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def question_edit(request, pk):
    """The asker only (anyone else gets a 404): edit the question until it has an answer."""
    try:
        question = question_get_for_edit(pk=pk, user=request.user)
    except Question.DoesNotExist:
        raise Http404("No such question.") from None
    if not question_can_be_edited(question):
        messages.error(request, _("This question has an answer and can no longer be edited."))
        return redirect(question)
    initial = {"title": question.title, "body": question.body}
    form = QuestionEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            question = question_update(question=question, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your question is updated."))
            return redirect(question)
    return render(request, "questions/question_edit.html", {"form": form, "question": question})


@require_safe
def question_photo(request, uuid, thumbnail=False):
    """Public photos: whoever may see the question. Doctors-only photos: the asker,
    verified doctors and staff. Anyone else gets a 404."""
    try:
        photo = photo_get(uuid=uuid, user=request.user)
    except QuestionPhoto.DoesNotExist:
        raise Http404("No such photo.") from None
    field = photo.thumbnail if thumbnail else photo.image
    response = FileResponse(field.open("rb"), content_type="image/jpeg")
    is_public = photo.is_public and photo.question.is_published
    response["Cache-Control"] = "public, max-age=86400" if is_public else "private, no-store"
    return response
