import uuid
from contextlib import nullcontext
from dataclasses import replace
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from answers.selectors import question_page_answers
from askdoc.db_router import primary_only
from askdoc.page_cache import cache_for_anonymous, part_lookup, part_store
from askdoc.pagination import paginate
from askdoc.ratelimit import rate_limit
from doctors.permissions import doctor_for
from questions.forms import QuestionEditForm, QuestionForm
from questions.models import PHOTO_CAPTION_MAX_LENGTH, Question, QuestionPhoto, Topic
from questions.photos import photo_drafts_delete, photo_drafts_store
from questions.selectors import (
    photo_get,
    photo_get_for_asker,
    question_get,
    question_get_for_edit,
    question_list,
    question_photos_for,
    questions_of_asker,
    similar_questions,
)
from questions.services import (
    mentions_emergency,
    photo_make_private,
    photo_remove,
    question_can_be_edited,
    question_create,
    question_update,
)
from search.selectors import MAX_RESULTS, browse_questions, doctors_answering, related_questions
from search.seo import question_page_jsonld
from trust.services.consents import Kind, user_consent_record
from trust.services.findings import personal_details_guard


@require_safe
@cache_for_anonymous(lambda: ["site", "lists"])
def home(request):
    """Anyone: the latest published questions."""
    page = paginate(request, question_list(), count_key="home")
    return render(request, "questions/home.html", {"page": page})


@require_safe
@cache_for_anonymous(lambda: ["site"])
def topic_list(request):
    """Anyone: every topic."""
    return render(request, "questions/topic_list.html", {"topics": Topic.objects.all()})


@require_safe
@cache_for_anonymous(lambda slug: ["site", "lists"])
def topic_detail(request, slug):
    """Anyone: the published questions filed under one topic, and the doctors who answer it."""
    topic = get_object_or_404(Topic, slug=slug)
    page = paginate(request, browse_questions(topic=topic), max_results=MAX_RESULTS)
    doctors = doctors_answering(topic=topic)
    return render(request, "questions/topic_detail.html", {"topic": topic, "page": page, "doctors": doctors})


def _question_versions(pk, slug=None):
    return ["site", f"question:{pk}"]


@require_safe
@cache_for_anonymous(_question_versions)
def question_detail(request, pk, slug=None):
    """Anyone for a published question; its asker also while it awaits review.

    An old or missing slug redirects permanently to the canonical URL. Readers who can only
    read and report (see `_shared_part`) share one rendering of the page's content, kept
    until anything it shows changes; the asker, doctors and moderators get their own.
    """
    user = request.user
    viewer_doctor = doctor_for(user)
    part = _shared_part(request, pk=pk, viewer_doctor=viewer_doctor)
    tokens = None
    if part is not None:
        parts, tokens = part_lookup(part, _question_versions(pk))
        if parts is not None and not (user.is_authenticated and user.pk == parts["author_id"]):
            if slug != parts["slug"]:
                return redirect("questions:detail", pk=pk, slug=parts["slug"], permanent=True)
            return _question_page(request, parts)
    # What is kept for many readers is read from the primary, never from a lagging replica.
    with primary_only() if tokens is not None else nullcontext():
        try:
            question = question_get(pk=pk, user=user)
        except Question.DoesNotExist:
            raise Http404("No such question.") from None
        if slug != question.slug:
            return redirect(question, permanent=True)
        parts, page_number = _question_parts(request, question=question, viewer_doctor=viewer_doctor)
    is_asker = user.is_authenticated and user.pk == question.author_id
    if tokens is not None and question.is_published and not is_asker and part == _part_name(pk, page_number):
        part_store(part, tokens, parts)
    return _question_page(request, parts)


def _question_parts(request, *, question, viewer_doctor):
    """The question page's own parts, rendered for this viewer, and the number of the
    page of answers shown."""
    user = request.user
    answers = question_page_answers(
        question=question, user=user, viewer_doctor=viewer_doctor, page_number=request.GET.get("page")
    )
    photos = question_photos_for(question=question, user=user, viewer_doctor=viewer_doctor)
    related = related_questions(question=question) if question.is_published else []
    jsonld = question_page_jsonld(question=question, answers=answers["all_answers"], shown=answers["answers"])
    context = {"question": question, "photos": photos, "related": related, "jsonld": jsonld, **answers}
    parts = {
        "author_id": question.author_id,
        "slug": question.slug,
        "title": question.title,
        "description": Truncator(question.body).chars(155),
        "head": render_to_string("questions/includes/question_head.html", context, request),
        "content": render_to_string("questions/includes/question_content.html", context, request),
    }
    return parts, answers["answers_page"].number


def _part_name(pk, page_number):
    return f"question:{pk}:{page_number}:{get_language()}"


def _shared_part(request, *, pk, viewer_doctor):
    """The name under which readers share the question page's content, if this viewer is
    one: anonymous, or signed in as neither a doctor nor a moderator (nor the asker, which
    is checked once the question is known). Their content has no form, draft or private
    photo in it. None for anyone else, and for a page number that is not a plain number
    (that page is shown, as the paginator reads it, but not kept)."""
    user = request.user
    if user.is_authenticated and (user.is_staff or viewer_doctor is not None):
        return None
    page = request.GET.get("page") or "1"
    if not (page.isascii() and page.isdigit() and len(page) <= 6):  # "²" is a digit to Python
        return None
    return _part_name(pk, int(page))


def _question_page(request, parts):
    # `head` and `content` are SafeStrings from render_to_string (pickling keeps their type).
    return render(request, "questions/question_detail.html", {"parts": parts})


def _keep_photos(request, form):
    """Photos checked in this request are kept in drafts for the next submission (a file
    input cannot be refilled), so a step or an error elsewhere never makes the patient
    choose them again. Changes the form's data to carry the new drafts token."""
    if any(photo is not None for photo in form.photo_slots) and request.FILES:
        old_token = form.data.get("photo_drafts", "")
        form.data = form.data.copy()
        form.data["photo_drafts"] = photo_drafts_store(user=request.user, photos=form.photo_slots)
        if old_token:
            photo_drafts_delete(user=request.user, token=old_token)
    for photo_form, photo in zip(form.photo_forms, form.photo_slots, strict=False):
        photo_form.kept = photo is not None


def _captions(photo_forms):
    """The captions typed on the form, keyed by their field name (e.g. "photo-1-caption");
    not those of photos being removed."""
    return {
        photo_form["caption"].html_name: photo_form.cleaned_data["caption"]
        for photo_form in photo_forms
        if photo_form.cleaned_data.get("caption") and not photo_form.cleaned_data.get("remove")
    }


def _guard(request, *, title, body, photo_forms):
    """The personal-detail guard over the question's text and each photo caption.
    Returns (title and body, captions by field name, GuardStep or None)."""
    checked, guard = personal_details_guard(
        user=request.user,
        texts_by_source={"question": {"title": title, "body": body}, "caption": _captions(photo_forms)},
        choice=request.POST.get("guard", ""),
    )
    captions = {name: text[:PHOTO_CAPTION_MAX_LENGTH] for name, text in checked["caption"].items()}
    return checked["question"], captions, guard


def _with_caption(photo, photo_form, captions):
    return replace(photo, caption=captions.get(photo_form["caption"].html_name, photo.caption))


def _made_public(change, photo_form):
    """Whether the edit shows a doctors-only photo to everyone (a new photo-use consent)."""
    return change.is_public and not change.remove and not photo_form.existing_photo.is_public


def _ask_step(form, guard):
    """The step shown before posting, if any: similar questions, an urgent-care notice, and
    the personal details found in the text (`guard`, with the redacted version to accept)."""
    data = form.cleaned_data
    similar = [] if data["seen_similar"] else similar_questions(title=data["title"])
    urgent = not data["confirmed_urgent"] and mentions_emergency(f"{data['title']} {data['body']}")
    if not similar and not urgent and guard is None:
        return None
    return {"similar": similar, "urgent": urgent, "photos_kept": len(data["photos"]), "guard": guard}


def _step_form(request, form, step, texts):
    """The form re-bound with what was typed (or its accepted redaction), marking the step as seen."""
    post = form.data.copy()
    post["title"], post["body"] = texts["title"], texts["body"]
    post["seen_similar"] = "on"
    if step["urgent"]:
        post["confirmed_urgent"] = "on"
    step_form = QuestionForm(post, user=request.user)
    for step_photo_form, photo_form in zip(step_form.photo_forms, form.photo_forms, strict=True):
        step_photo_form.kept = photo_form.kept
    return step_form


def _asked_message(question):
    if question.is_published:
        return _("Thank you. Your question is published: doctors can read and answer it now.")
    return _(
        "Thank you. Only you can see your question until a moderator has read it: "
        "it appears on the site after that."
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit("ask")
def question_ask(request):
    """Signed-in users: ask a question. The asker sees it at once, even while it awaits review."""
    if request.method != "POST":
        form = QuestionForm(initial={"form_token": uuid.uuid4().hex}, user=request.user)
        return render(request, "questions/question_ask.html", {"form": form})
    form = QuestionForm(request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        _keep_photos(request, form)
        return render(request, "questions/question_ask.html", {"form": form})
    data = form.cleaned_data
    texts, captions, guard = _guard(
        request, title=data["title"], body=data["body"], photo_forms=form.photo_forms
    )
    step = _ask_step(form, guard)
    if step is not None:
        _keep_photos(request, form)
        form = _step_form(request, form, step, texts)
        return render(request, "questions/question_ask.html", {"form": form, **step})
    question = question_create(
        author=request.user,
        title=texts["title"][:200],
        body=texts["body"][:10000],
        topics=data["topics"],
        city=data["city"],
        display_name="" if data["ask_anonymously"] else None,
        photos=[
            _with_caption(photo, photo_form, captions)
            for photo_form, photo in zip(form.photo_forms, data["photo_slots"], strict=True)
            if photo is not None
        ],
        form_token=data["form_token"],
    )
    if form.data.get("photo_drafts"):
        transaction.on_commit(
            partial(photo_drafts_delete, user=request.user, token=form.data["photo_drafts"])
        )
    if any(photo.is_public for photo in data["photos"]):
        user_consent_record(kind=Kind.PHOTO_USE, user=request.user, source_page=request.path)
    messages.success(request, _asked_message(question))
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
    """The asker only (anyone else, a doctor or moderator too, gets a 404): edit the question,
    and each photo's visibility and caption, until the question has an answer. The
    personal-detail guard checks the text and captions first, as when asking."""
    try:
        question = question_get_for_edit(pk=pk, user=request.user)
    except Question.DoesNotExist:
        raise Http404("No such question.") from None
    if not question_can_be_edited(question):
        messages.error(request, _("This question has an answer and can no longer be edited."))
        return redirect(question)
    initial = {"title": question.title, "body": question.body}
    form = QuestionEditForm(request.POST or None, initial=initial, photos=question.photos.all())
    guard = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        texts, captions, guard = _guard(
            request, title=data["title"], body=data["body"], photo_forms=form.photo_forms
        )
        if guard is None:
            changes = [
                _with_caption(change, photo_form, captions)
                for photo_form, change in zip(form.photo_forms, data["photo_changes"], strict=True)
            ]
            made_public = any(
                _made_public(change, photo_form)
                for photo_form, change in zip(form.photo_forms, changes, strict=True)
            )
            try:
                question = question_update(
                    question=question,
                    title=texts["title"][:200],
                    body=texts["body"][:10000],
                    photo_changes=changes,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if made_public:
                    user_consent_record(kind=Kind.PHOTO_USE, user=request.user, source_page=request.path)
                messages.success(request, _("Your question is updated."))
                return redirect(question)
    return render(
        request, "questions/question_edit.html", {"form": form, "question": question, "guard": guard}
    )


def _askers_photo_or_404(request, uuid):
    try:
        return photo_get_for_asker(uuid=uuid, user=request.user)
    except QuestionPhoto.DoesNotExist:
        raise Http404("No such photo.") from None


@login_required
@require_POST
def question_photo_private(request, uuid):
    """The asker only (anyone else gets a 404): show one of their photos only to doctors, at
    any time, also after the question has an answer."""
    photo = _askers_photo_or_404(request, uuid)
    photo_make_private(photo=photo)
    messages.success(request, _("This photo is now shown only to doctors and you."))
    return redirect(photo.question)


@login_required
@require_POST
def question_photo_remove(request, uuid):
    """The asker only (anyone else gets a 404): remove one of their photos, at any time, also
    after the question has an answer."""
    photo = _askers_photo_or_404(request, uuid)
    question = photo.question
    photo_remove(photo=photo)
    messages.success(request, _("The photo is removed."))
    return redirect(question)


@require_safe
def question_photo(request, uuid, thumbnail=False):
    """Public photos: whoever may see the question. Doctors-only photos: the asker,
    verified doctors and moderators (staff, who also see questions awaiting review).
    Anyone else gets a 404."""
    try:
        photo = photo_get(uuid=uuid, user=request.user)
    except QuestionPhoto.DoesNotExist:
        raise Http404("No such photo.") from None
    field = photo.thumbnail if thumbnail else photo.image
    try:
        opened = field.open("rb")
    except FileNotFoundError:
        # A row whose file is gone (e.g. a database restored without PRIVATE_MEDIA_ROOT).
        raise Http404("No such photo.") from None
    response = FileResponse(opened, content_type="image/jpeg")
    is_public = photo.is_public and photo.question.is_published
    response["Cache-Control"] = "public, max-age=86400" if is_public else "private, no-store"
    return response
