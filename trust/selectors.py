"""Reads of the trust app, with their rules."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.db.models import Exists, OuterRef, Subquery

from answers.models import Answer, AnswerVersion
from doctors.models import DoctorProfile
from moderation.models import Flag
from questions.models import PostStatus
from trust.diff import markdown_diff
from trust.models import ClinicalReview, ConsentRecord, Invitation

MAX_OPEN_INVITATIONS = 3


def consents_of(*, user):
    """A user's consents, newest first (one query)."""
    return list(ConsentRecord.objects.of_user(user).order_by("-given_at", "-id"))


# --- Clinical review ------------------------------------------------------------


def review_annotations():
    """Annotations for an Answer queryset, so the question page shows each answer's review
    state without another query: `is_under_review`, and the latest decided review's
    `reviewed_at`, `reviewed_by_name`, `review_correction`."""
    latest = ClinicalReview.objects.decided().filter(answer=OuterRef("pk")).order_by("-decided_at", "-id")
    return {
        "is_under_review": Exists(ClinicalReview.objects.open().filter(answer=OuterRef("pk"))),
        "reviewed_at": Subquery(latest.values("decided_at")[:1]),
        "reviewed_by_name": Subquery(latest.values("reviewer__name")[:1]),
        "review_correction": Subquery(latest.values("correction_note")[:1]),
    }


def answer_review_jsonld(answer):
    """The review of an answer as schema.org properties for the question page's JSON-LD
    (`reviewedBy`, `lastReviewed`); empty when no clinical reviewer has decided.
    `answer` carries the `review_annotations()`."""
    if not getattr(answer, "reviewed_at", None):
        return {}
    return {
        "reviewedBy": {"@type": "Person", "name": f"Dr {answer.reviewed_by_name}"},
        "lastReviewed": answer.reviewed_at.date().isoformat(),
    }


def question_review_jsonld(answers):
    """The clinical review of a question page as schema.org WebPage properties for its
    QAPage JSON-LD: `reviewedBy` (the reviewers of its published answers, latest first) and
    `lastReviewed` (the latest decision). Empty when none was reviewed. No query: `answers`
    carry the `review_annotations()` (as answers.selectors.answers_for_question gives them)."""
    reviewed = sorted(
        (a for a in answers if a.status == PostStatus.PUBLISHED and getattr(a, "reviewed_at", None)),
        key=lambda a: a.reviewed_at,
        reverse=True,
    )
    if not reviewed:
        return {}
    names = dict.fromkeys(f"Dr {answer.reviewed_by_name}" for answer in reviewed)
    people = [{"@type": "Person", "name": name} for name in names]
    return {
        "reviewedBy": people[0] if len(people) == 1 else people,
        "lastReviewed": reviewed[0].reviewed_at.date().isoformat(),
    }


def open_reviews():
    """Open reviews of answers still published, oldest first, for the reviewers' queue."""
    return (
        ClinicalReview.objects.open()
        .filter(answer__status=PostStatus.PUBLISHED)
        .select_related("answer__question", "answer__doctor", "flag")
        .order_by("created_at", "id")
    )


# --- Corrections ---------------------------------------------------------------------


def answer_was_reported_or_reviewed(*, answer):
    """Whether readers have questioned this answer: a report (open or resolved) or a
    clinical review (open or decided). A later change by its doctor is then a correction."""
    return (
        Flag.objects.filter(answer=answer).exists() or ClinicalReview.objects.filter(answer=answer).exists()
    )


def answer_changes(*, answer):
    """Each edit of `answer`, newest first, as dicts with `changed_at`, `is_correction`
    and `diff` (rows of (operation, text) segments; see trust.diff).
    One query: the kept versions, oldest first; the last body is the answer's current one."""
    versions = list(AnswerVersion.objects.filter(answer=answer).order_by("created_at", "id"))
    bodies = [version.body for version in versions] + [answer.body]
    changes = [
        {
            "changed_at": version.created_at,
            "is_correction": version.is_correction,
            "diff": markdown_diff(bodies[index], bodies[index + 1]),
        }
        for index, version in enumerate(versions)
    ]
    return changes[::-1]


# --- Answers and their doctor's clinic --------------------------------------------


def _host(url):
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.").lower()


class _LinkHosts(HTMLParser):
    """Collects the hosts of an HTML fragment's links."""

    def __init__(self):
        super().__init__()
        self.hosts = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hosts.extend(_host(value or "") for name, value in attrs if name == "href")


def links_to_own_clinic(*, body_html, clinic_url):
    """Whether an answer's HTML links to its doctor's own clinic website (same host)."""
    clinic_host = _host(clinic_url) if clinic_url else ""
    if not clinic_host:
        return False
    parser = _LinkHosts()
    parser.feed(body_html)
    return any(host == clinic_host or host.endswith(f".{clinic_host}") for host in parser.hosts)


def answers_trust_details(answers):
    """Set `links_own_clinic` on each answer (no query: the doctor is select_related)."""
    for answer in answers:
        answer.links_own_clinic = links_to_own_clinic(
            body_html=answer.body_html, clinic_url=answer.doctor.clinic_url
        )
    return answers


# --- Invitations --------------------------------------------------------------------


def invitable_doctors(*, question):
    """Verified doctors who answer in one of the question's topics and have not answered it,
    not the asker, and not already invited."""
    answered = Answer.objects.filter(question=question, doctor=OuterRef("pk"))
    invited = Invitation.objects.filter(question=question, doctor=OuterRef("pk"))
    doctors = (
        DoctorProfile.objects.verified()
        .filter(topics__in=question.topics.all())
        .filter(~Exists(answered), ~Exists(invited))
        .distinct()
        .order_by("name")
    )
    if question.author_id:
        doctors = doctors.exclude(user_id=question.author_id)
    return doctors


def invitations_of_question(*, question):
    return list(Invitation.objects.filter(question=question).select_related("doctor").order_by("created_at"))


def open_invitations_for(*, doctor):
    """The doctor's open invitations to published questions, newest first."""
    return list(
        Invitation.objects.open()
        .filter(doctor=doctor, question__status=PostStatus.PUBLISHED)
        .select_related("question")
        .order_by("-created_at", "-id")[:20]
    )
