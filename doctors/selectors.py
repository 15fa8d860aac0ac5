from answers.models import Answer
from questions.models import PostStatus


def doctor_answers(*, doctor):
    """A doctor's published answers on published questions, newest first."""
    return (
        Answer.objects.published()
        .filter(doctor=doctor, question__status=PostStatus.PUBLISHED)
        .select_related("question")
        .order_by("-created_at", "-id")
    )
