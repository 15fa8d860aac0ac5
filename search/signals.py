"""Search rows follow every write to questions, answers and doctors' verification.

Index maintenance is the one thing done from signals (see STYLE.md: no side effects hide
here): it must follow every write path, including moderation and admin, without each
service having to remember it. It runs in the writer's transaction, so a rolled-back
write leaves the index as it was.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from search.indexing import question_search_update


def _question_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        question_search_update(question_ids=[instance.pk])


def _answer_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        question_search_update(question_ids=[instance.question_id])


def _answer_deleted(sender, instance, **kwargs):
    # After commit: when a whole question is deleted its answers go first, and the
    # question (with its search row) follows in the same transaction.
    question_id = instance.question_id
    transaction.on_commit(lambda: question_search_update(question_ids=[question_id]))


def _doctor_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    """Withdrawing (or granting) a verification takes answers off (or onto) the site."""
    if raw or (update_fields is not None and "verification_status" not in update_fields):
        return
    from answers.models import Answer

    question_ids = Answer.objects.filter(doctor=instance).values_list("question_id", flat=True)
    question_search_update(question_ids=list(question_ids))


def connect():
    post_save.connect(_question_saved, sender="questions.Question", dispatch_uid="search_question_saved")
    post_save.connect(_answer_saved, sender="answers.Answer", dispatch_uid="search_answer_saved")
    post_delete.connect(_answer_deleted, sender="answers.Answer", dispatch_uid="search_answer_deleted")
    post_save.connect(_doctor_saved, sender="doctors.DoctorProfile", dispatch_uid="search_doctor_saved")
