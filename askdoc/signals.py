"""Invalidate cached anonymous pages (askdoc.page_cache) when their content changes.

Signal receivers keep the apps that own the models unaware of the page cache. Each change
bumps the versions at once and again after the transaction commits: a reader who rendered
the page between the two (still seeing the old rows) cannot leave a stale copy behind.
"""

from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from answers.models import Answer, DoctorAgreement, HelpfulMark, Reply
from askdoc.cache import cache_recovered
from askdoc.page_cache import bump
from doctors.models import DoctorProfile
from questions.models import City, PostStatus, Question, QuestionPhoto, Topic
from trust.models import ClinicalReview


def _bump_now_and_on_commit(names, using):
    bump(names)
    if transaction.get_connection(using).in_atomic_block:
        transaction.on_commit(partial(bump, names), using=using)


def _question_id_of_answer(answer_id):
    return Answer.objects.filter(pk=answer_id).values_list("question_id", flat=True).first()


def _question_names(instance):
    """The versions a saved or deleted row touches."""
    if isinstance(instance, Question):
        return [f"question:{instance.pk}", "lists"]
    if isinstance(instance, Answer):
        return [f"question:{instance.question_id}", "lists"]
    if isinstance(instance, QuestionPhoto):
        return [f"question:{instance.question_id}"]
    # Replies, helpful marks, agreements and clinical reviews belong to an answer; use it if loaded.
    answer = instance._state.fields_cache.get("answer")
    question_id = answer.question_id if answer is not None else _question_id_of_answer(instance.answer_id)
    # A row deleted along with its answer: the answer's own signal covers the question.
    return [f"question:{question_id}"] if question_id is not None else []


def _leaves_other_pages(instance, *, created=False, update_fields=None, deleted=False):
    """Whether a question that other pages list (among a question page's related questions)
    may have left public view or been renamed: those pages depend on `site`, not on `lists`,
    so that a new post anywhere does not re-render every question page. A newly published
    question missing from them for a while is harmless; a hidden one still listed is not."""
    if not isinstance(instance, Question) or created:
        return False
    if deleted or update_fields is None:
        return True
    renamed = not {"title", "slug"}.isdisjoint(update_fields)
    return renamed or ("status" in update_fields and instance.status != PostStatus.PUBLISHED)


def question_content_changed(sender, instance, using, created=False, update_fields=None, **kwargs):
    names = _question_names(instance)
    deleted = kwargs.get("signal") is post_delete
    if _leaves_other_pages(instance, created=created, update_fields=update_fields, deleted=deleted):
        names.append("site")
    _bump_now_and_on_commit(names, using)


def site_content_changed(sender, instance=None, using="default", **kwargs):
    _bump_now_and_on_commit(["site"], using)


def topics_changed(sender, instance, action, using, **kwargs):
    """A question's or a doctor's topics changed (from either side of the relation)."""
    if action in ("post_add", "post_remove", "post_clear"):
        if isinstance(instance, Question):
            _bump_now_and_on_commit([f"question:{instance.pk}", "lists"], using)
        else:
            _bump_now_and_on_commit(["site"], using)


def cache_came_back(sender, **kwargs):
    """Invalidations sent while Redis was unreachable were lost; if it kept its pages, some are
    stale now. Every cached page depends on `site`."""
    bump(["site"])


def connect():
    cache_recovered.connect(cache_came_back, dispatch_uid="askdoc.page_cache.recovered")
    # Everything a question page shows: its posts, their marks and agreements, photos, and
    # the clinical reviews of its answers ("Under clinical review", a reviewer's correction).
    for model in (Question, Answer, Reply, HelpfulMark, DoctorAgreement, QuestionPhoto, ClinicalReview):
        uid = f"askdoc.page_cache.{model._meta.label}"
        post_save.connect(question_content_changed, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(question_content_changed, sender=model, dispatch_uid=uid + ".delete")
    for model in (DoctorProfile, Topic, City):
        uid = f"askdoc.page_cache.{model._meta.label}"
        post_save.connect(site_content_changed, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(site_content_changed, sender=model, dispatch_uid=uid + ".delete")
    # Deleting an account anonymises its questions and replies with a bulk update.
    post_delete.connect(site_content_changed, sender=get_user_model(), dispatch_uid="askdoc.page_cache.user")
    m2m_changed.connect(
        topics_changed, sender=Question.topics.through, dispatch_uid="askdoc.page_cache.topics"
    )
    # A doctor's topics list them on topic pages ("doctors who answer this").
    m2m_changed.connect(
        topics_changed,
        sender=DoctorProfile.topics.through,
        dispatch_uid="askdoc.page_cache.doctor_topics",
    )
