"""Who may use doctor views: declared at the top of each view with these decorators."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from doctors.models import DoctorProfile


def doctor_for(user):
    """The user's doctor profile, or None (one query for a signed-in user, none otherwise)."""
    if user is None or not user.is_authenticated:
        return None
    doctor = DoctorProfile.objects.filter(user=user).prefetch_related("topics").first()
    if doctor is not None:
        doctor.user = user  # the same row: spare a query wherever `doctor.user` is read
    return doctor


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
