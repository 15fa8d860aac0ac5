"""Moderation decisions. The admin, the report page and the demo loader all write through here.

Every decision locks the row it changes, refuses a transition that makes no sense with a
readable ValidationError, and records a ModerationDecision (who, when, what, why).
Hidden and removed posts are never deleted: a moderator can restore them.
"""

import contextlib

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from answers.models import Answer, Reply
from doctors.models import DoctorProfile
from moderation.models import DecisionAction, Flag, ModerationDecision
from moderation.tasks import doctor_verification_email
from questions.models import PostStatus, Question
from trust.services.reviews import clinical_review_open

POST_FIELD = {Question: "question", Answer: "answer", Reply: "reply"}


def decision_record(*, actor, target, action, reason=""):
    """Write one audit entry; `actor` None means the site decided by itself."""
    return ModerationDecision.objects.create(
        actor=actor,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        action=action,
        reason=(reason or "")[:255],
    )


def post_author_id(post):
    """The user who wrote a question, answer or reply."""
    if isinstance(post, Answer):
        return post.doctor.user_id
    return post.author_id


def _lock(post):
    return type(post).objects.select_for_update().get(pk=post.pk)


def _open_flags(post):
    return Flag.objects.filter(**{POST_FIELD[type(post)]: post}, status=Flag.Status.OPEN)


def _set_status(post, status, *, reason=""):
    if isinstance(post, Answer) and status == PostStatus.PUBLISHED:
        post.publish_check()
    post.status = status
    post.hidden_reason = reason
    fields = ["status", "hidden_reason", "updated_at"]
    if isinstance(post, Question) and status == PostStatus.PUBLISHED and post.published_at is None:
        post.published_at = max(timezone.now(), post.created_at)
        fields.append("published_at")
    # Not full_clean(): Answer.clean() guards *new* answers (question must be published),
    # and a moderator must be able to hide an answer whatever state its question is in.
    post.clean_fields()
    post.validate_constraints()
    post.save(update_fields=fields)


def _resolve_open_flags(post, *, by, status):
    return _open_flags(post).update(status=status, resolved_by=by, resolved_at=timezone.now())


def _require_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Please give a reason; the author and other moderators will see it.")}
        )
    return reason


def _post_decide(post, *, by, action, status, refusals, reason="", close_flags_as=None):
    """The skeleton of every decision on a post: lock the row, refuse a transition that makes
    no sense (`refusals` maps the current status to a message), set the new status, close
    the open reports if asked, and record who decided what and why."""
    post = _lock(post)
    if post.status in refusals:
        raise ValidationError(refusals[post.status] % {"post": post})
    # A published post carries no hidden reason; the decision keeps the "why" either way.
    _set_status(post, status, reason="" if status == PostStatus.PUBLISHED else reason)
    if close_flags_as is not None:
        _resolve_open_flags(post, by=by, status=close_flags_as)
    decision_record(actor=by, target=post, action=action, reason=reason)
    return post


@transaction.atomic
def post_hide(*, post, by, reason):
    """Hide a pending or published post, with a reason; open reports on it are upheld."""
    return _post_decide(
        post,
        by=by,
        action=DecisionAction.HIDE,
        status=PostStatus.HIDDEN,
        reason=_require_reason(reason),
        close_flags_as=Flag.Status.UPHELD,
        refusals={
            PostStatus.HIDDEN: _("“%(post)s” is already hidden."),
            PostStatus.REMOVED: _("“%(post)s” was removed; restore it before hiding it."),
        },
    )


@transaction.atomic
def post_remove(*, post, by, reason):
    """Remove a post from everyone's view, its author's too; it is kept and can be restored."""
    return _post_decide(
        post,
        by=by,
        action=DecisionAction.REMOVE,
        status=PostStatus.REMOVED,
        reason=_require_reason(reason),
        close_flags_as=Flag.Status.UPHELD,
        refusals={PostStatus.REMOVED: _("“%(post)s” is already removed.")},
    )


@transaction.atomic
def post_publish(*, post, by):
    """Publish a post awaiting review. Hidden or removed posts are restored, not published."""
    return _post_decide(
        post,
        by=by,
        action=DecisionAction.PUBLISH,
        status=PostStatus.PUBLISHED,
        refusals={
            PostStatus.PUBLISHED: _("“%(post)s” is already published."),
            PostStatus.HIDDEN: _("“%(post)s” is not awaiting review; restore it instead."),
            PostStatus.REMOVED: _("“%(post)s” is not awaiting review; restore it instead."),
        },
    )


@transaction.atomic
def post_restore(*, post, by, reason=""):
    """Bring a hidden or removed post back; the moderator has decided, so open reports are dismissed."""
    return _post_decide(
        post,
        by=by,
        action=DecisionAction.RESTORE,
        status=PostStatus.PUBLISHED,
        reason=reason,
        close_flags_as=Flag.Status.DISMISSED,
        refusals={
            PostStatus.PUBLISHED: _("“%(post)s” is already published; there is nothing to restore."),
            PostStatus.PENDING: _("“%(post)s” is awaiting review; publish it instead."),
        },
    )


@transaction.atomic
def question_lock(*, question, by, lock=True):
    """Lock (or unlock) a thread: it stays readable but takes no new replies."""
    question = _lock(question)
    if question.is_locked == lock:
        message = _("“%(post)s” is already locked.") if lock else _("“%(post)s” is not locked.")
        raise ValidationError(message % {"post": question})
    question.is_locked = lock
    question.save(update_fields=["is_locked", "updated_at"])
    decision_record(actor=by, target=question, action=DecisionAction.LOCK if lock else DecisionAction.UNLOCK)
    return question


@transaction.atomic
def answer_note_set(*, answer, by, note):
    """Set the moderator's note readers see above an answer (blank removes it)."""
    answer = _lock(answer)
    answer.moderator_note = (note or "").strip()
    answer.save(update_fields=["moderator_note", "updated_at"])
    decision_record(actor=by, target=answer, action=DecisionAction.NOTE, reason=answer.moderator_note)
    return answer


# --- Reports ----------------------------------------------------------------


@transaction.atomic
def flag_create(*, post, reporter, reason, note=""):
    """A signed-in reader reports a published post, once while the report is open, never their own.

    When reports from MODERATION_FLAGS_TO_HIDE different readers are open, the post is
    hidden until a moderator decides.
    """
    post = _lock(post)
    if post.status != PostStatus.PUBLISHED:
        raise ValidationError(_("This post is not public, so it cannot be reported."))
    if post_author_id(post) == reporter.pk:
        raise ValidationError(_("You cannot report your own post."))
    if _open_flags(post).filter(reporter=reporter).exists():
        raise ValidationError(_("You have already reported this post; a moderator will look at it."))
    flag = Flag(**{POST_FIELD[type(post)]: post}, reporter=reporter, reason=reason, note=(note or "").strip())
    flag.full_clean()
    try:
        with transaction.atomic():
            flag.save()
    except IntegrityError:
        raise ValidationError(
            _("You have already reported this post; a moderator will look at it.")
        ) from None
    if flag.reason == Flag.Reason.UNSAFE_ADVICE and isinstance(post, Answer):
        clinical_review_open(answer=post, flag=flag)
    if _open_flags(post).count() >= settings.MODERATION_FLAGS_TO_HIDE:
        _set_status(post, PostStatus.HIDDEN, reason=_("Hidden after several reports, awaiting a moderator."))
        decision_record(actor=None, target=post, action=DecisionAction.AUTO_HIDE)
    return flag


def _lock_open_flag(flag):
    flag = (
        Flag.objects.select_for_update(of=("self",))
        .select_related("question", "answer__doctor", "reply")
        .get(pk=flag.pk)
    )
    if flag.status != Flag.Status.OPEN:
        raise ValidationError(_("This report was already resolved."))
    return flag


@transaction.atomic
def flag_dismiss(*, flag, by):
    """Dismiss a report. A post hidden only because of reports comes back once none is open."""
    flag = _lock_open_flag(flag)
    flag.status = Flag.Status.DISMISSED
    flag.resolved_by = by
    flag.resolved_at = timezone.now()
    flag.save(update_fields=["status", "resolved_by", "resolved_at"])
    post = _lock(flag.post)
    decision_record(
        actor=by, target=post, action=DecisionAction.FLAG_DISMISS, reason=flag.get_reason_display()
    )
    last = (
        ModerationDecision.objects.filter(
            content_type=ContentType.objects.get_for_model(post), object_id=post.pk
        )
        .exclude(action=DecisionAction.FLAG_DISMISS)
        .first()
    )
    auto_hidden = last is not None and last.action == DecisionAction.AUTO_HIDE
    if post.status == PostStatus.HIDDEN and auto_hidden and not _open_flags(post).exists():
        # An answer whose doctor is no longer verified stays hidden (nothing was written).
        with contextlib.suppress(ValidationError):
            post_restore(post=post, by=by, reason=_("Reports dismissed."))
    return flag


@transaction.atomic
def flag_uphold(*, flag, by):
    """Agree with a report: the post is hidden with the report's reason, and its open reports closed."""
    flag = _lock_open_flag(flag)
    post = flag.post
    reason = flag.get_reason_display()
    if post.status in (PostStatus.PENDING, PostStatus.PUBLISHED):
        post_hide(post=post, by=by, reason=reason)
    else:
        # Already hidden (perhaps automatically): the moderator's reason replaces the automatic one.
        post = _lock(post)
        if post.status == PostStatus.HIDDEN:
            _set_status(post, PostStatus.HIDDEN, reason=reason)
        _resolve_open_flags(post, by=by, status=Flag.Status.UPHELD)
    decision_record(actor=by, target=post, action=DecisionAction.FLAG_UPHOLD, reason=reason)
    flag.refresh_from_db()
    return flag


# --- Doctor verification ----------------------------------------------------


def _doctor_set(*, doctor, by, status, action, allowed_from, refusal, reason=""):
    doctor = DoctorProfile.objects.select_for_update().get(pk=doctor.pk)
    if doctor.verification_status not in allowed_from:
        raise ValidationError(refusal % {"doctor": doctor})
    doctor.verification_status = status
    doctor.verified_at = timezone.now() if status == DoctorProfile.Verification.VERIFIED else None
    doctor.rejection_reason = reason
    doctor.full_clean()
    doctor.save(update_fields=["verification_status", "verified_at", "rejection_reason"])
    decision = decision_record(actor=by, target=doctor, action=action, reason=reason)
    transaction.on_commit(lambda: doctor_verification_email.enqueue(decision.pk))
    return doctor


@transaction.atomic
def doctor_verify(*, doctor, by):
    """Approve a doctor after checking their licence (pending, or earlier rejected or withdrawn);
    they are emailed, and can publish from now on."""
    Verification = DoctorProfile.Verification
    return _doctor_set(
        doctor=doctor,
        by=by,
        status=Verification.VERIFIED,
        action=DecisionAction.DOCTOR_APPROVE,
        allowed_from=[Verification.PENDING, Verification.REJECTED, Verification.WITHDRAWN],
        refusal=_("%(doctor)s is already verified."),
    )


@transaction.atomic
def doctor_reject(*, doctor, by, reason):
    """Reject a doctor awaiting verification, with a reason they are emailed."""
    return _doctor_set(
        doctor=doctor,
        by=by,
        status=DoctorProfile.Verification.REJECTED,
        action=DecisionAction.DOCTOR_REJECT,
        allowed_from=[DoctorProfile.Verification.PENDING],
        refusal=_("%(doctor)s is not awaiting verification."),
        reason=_require_reason(reason),
    )


@transaction.atomic
def doctor_withdraw(*, doctor, by, reason):
    """Withdraw a verification, with a reason the doctor is emailed. Published answers stay
    (`Answer.objects.published()` does not look at the doctor), but the doctor can no longer
    answer, reply, agree or edit."""
    return _doctor_set(
        doctor=doctor,
        by=by,
        status=DoctorProfile.Verification.WITHDRAWN,
        action=DecisionAction.DOCTOR_WITHDRAW,
        allowed_from=[DoctorProfile.Verification.VERIFIED],
        refusal=_("%(doctor)s is not verified."),
        reason=_require_reason(reason),
    )
