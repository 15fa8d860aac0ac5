"""Reads of answers and their reply threads, with visibility rules."""

from answers.models import Answer, Reply


def answers_for_question(*, question, user):
    """The answers `user` may see on `question`, each with its reply tree as `.thread`.

    Two queries whatever the number of answers and replies: the answers with their
    doctors, then every visible reply of those answers with its author; the tree is
    built in Python so the template never queries.
    """
    answers = list(
        Answer.objects.visible_to(user)
        .filter(question=question)
        .select_related("doctor", "doctor__city")
        .order_by("created_at", "id")
    )
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
