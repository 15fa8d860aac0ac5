"""Reads of a user's own data."""

from answers.models import Reply
from questions.models import Question, QuestionPhoto


def _iso(value):
    return value.isoformat() if value else None


def user_data_export(*, user):
    """Everything `user` posted, as plain data for a JSON download (no other user's data)."""
    questions = Question.objects.filter(author=user).prefetch_related("topics").select_related("city")
    photos = QuestionPhoto.objects.filter(question__author=user).order_by("question_id", "id")
    replies = Reply.objects.filter(author=user).order_by("created_at")
    return {
        "profile": {
            "email": user.email,
            "display_name": user.display_name,
            "wants_answer_emails": user.wants_answer_emails,
            "date_joined": _iso(user.date_joined),
        },
        "questions": [
            {
                "id": q.pk,
                "title": q.title,
                "body": q.body,
                "status": q.status,
                "asked_anonymously": not q.author_display_name,
                "city": q.city.name if q.city else None,
                "topics": [t.name for t in q.topics.all()],
                "created_at": _iso(q.created_at),
            }
            for q in questions
        ],
        "replies": [
            {
                "id": r.pk,
                "answer": r.answer_id,
                "body": r.body,
                "status": r.status,
                "created_at": _iso(r.created_at),
            }
            for r in replies
        ],
        "photos": [
            {
                "question": p.question_id,
                "caption": p.caption,
                "is_public": p.is_public,
                "created_at": _iso(p.created_at),
            }
            for p in photos
        ],
    }
