"""Who may use doctor views: declared at the top of each view with these decorators."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import transaction
from django.shortcuts import render
from django.utils.translation import gettext as _

from doctors.models import DoctorProfile

# A signed-in user without a doctor profile is remembered as such, so that the pages they
# read need not look it up on every request. Only the absence is kept: a stale entry could
# only withhold doctor tools from a new doctor for a while (saving their profile forgets
# it), never hand them to anyone.
NOT_A_DOCTOR_SECONDS = 3600


def _not_a_doctor_key(user_id):
    return f"doctors:not-a-doctor:{user_id}"


def doctor_for(user):
    """The user's doctor profile, or None: one query for a signed-in doctor, none for
    anyone else after their first request."""
    if user is None or not user.is_authenticated:
        return None
    key = _not_a_doctor_key(user.pk)
    if cache.get(key):
        return None
    doctor = DoctorProfile.objects.filter(user=user).prefetch_related("topics").first()
    if doctor is None:
        cache.set(key, True, NOT_A_DOCTOR_SECONDS)
        return None
    doctor.user = user  # the same row: spare a query wherever `doctor.user` is read
    return doctor


def forget_not_a_doctor(sender, instance, using="default", **kwargs):
    """A saved doctor profile makes its user a doctor at once: now, and again when the
    transaction commits (a request in between may have looked and found none yet)."""
    key = _not_a_doctor_key(instance.user_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key), using=using)


def refuse(request, message, *, status=403, show_join=False):
    """A clear refusal page saying why, instead of a bare 403."""
    context = {"message": message, "show_join": show_join}
    return render(request, "doctors/refused.html", context, status=status)


def doctor_required(view):
    """Signed-in doctors who may write: verified, pending or rejected (the last two only
    draft). A doctor whose verification was withdrawn is refused here: it stops new answers.
    The doctor profile is passed as `request.doctor`."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.doctor = doctor_for(request.user)
        if request.doctor is None:
            return refuse(request, _("Only verified doctors can do this."), show_join=True)
        if request.doctor.is_withdrawn:
            return refuse(request, request.doctor.refusal_message())
        return view(request, *args, **kwargs)

    return wrapper


def verified_doctor_required(view):
    """Signed-in verified doctors only; the doctor profile is passed as `request.doctor`."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.doctor = doctor_for(request.user)
        if request.doctor is None:
            return refuse(request, _("Only verified doctors can do this."), show_join=True)
        if not request.doctor.is_verified:
            return refuse(request, request.doctor.refusal_message())
        return view(request, *args, **kwargs)

    return wrapper
