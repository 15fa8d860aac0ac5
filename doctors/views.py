from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from askdoc.page_cache import cache_for_anonymous
from askdoc.pagination import paginate
from doctors.forms import DashboardFilterForm, DigestForm, DoctorApplicationForm, DoctorDisclosureForm
from doctors.models import DoctorProfile
from doctors.permissions import doctor_for, doctor_required, verified_doctor_required
from doctors.selectors import answers_by_doctor, answers_needing_reply, doctor_answers, unanswered_questions
from doctors.services import doctor_apply, doctor_digest_set, doctor_disclosure_update
from trust.selectors import open_invitations_for

DASHBOARD_TABS = ("queue", "replies", "mine")


@require_safe
@cache_for_anonymous(lambda slug: ["site", "lists"])
def profile(request, slug):
    """Anyone: a verified (or formerly verified) doctor's public profile and published answers.
    A pending or rejected doctor has no public profile (404)."""
    doctor = get_object_or_404(DoctorProfile.objects.public().select_related("city"), slug=slug)
    page = paginate(request, doctor_answers(doctor=doctor), per_page=10)
    return render(request, "doctors/profile.html", {"doctor": doctor, "page": page})


@login_required
def join(request):
    """Signed-in users without a doctor profile: apply as a doctor; staff verify later.
    Anonymous: to log in; someone who already applied: back to where they can work."""
    doctor = doctor_for(request.user)
    if doctor is not None:
        messages.info(request, _("You have already applied as a doctor."))
        return redirect("doctors:dashboard" if doctor.is_verified else "home")
    form = DoctorApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            doctor_apply(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you. Our staff will check your licence and email you; until then you "
                    "can draft answers from any question page, and nothing you write is public."
                ),
            )
            return redirect("home")
    return render(request, "doctors/join.html", {"form": form})


@verified_doctor_required
@require_safe
def dashboard(request):
    """Verified doctors: questions waiting for an answer, threads waiting for them, their answers.
    Anonymous: to log in; patients, pending, rejected and withdrawn doctors: 403 saying why."""
    doctor = request.doctor
    form = DashboardFilterForm(request.GET)
    topic = city = None
    if form.is_valid():
        topic, city = form.cleaned_data["topic"], form.cleaned_data["city"]
    # Until the doctor chooses, the queue shows the topics they answer.
    is_default_topics = "topic" not in request.GET
    topics = list(doctor.topics.all()) if is_default_topics else ([topic] if topic else None)
    tabs = {
        "queue": unanswered_questions(doctor=doctor, topics=topics, city=city),
        "replies": answers_needing_reply(doctor=doctor),
        "mine": answers_by_doctor(doctor=doctor),
    }
    tab = request.GET.get("tab") if request.GET.get("tab") in DASHBOARD_TABS else "queue"
    page = paginate(request, tabs[tab], per_page=20)
    # The open tab's paginator has counted its rows already.
    counts = {
        name: page.paginator.count if name == tab else queryset.count() for name, queryset in tabs.items()
    }
    context = {
        "doctor": doctor,
        "form": form,
        "tab": tab,
        "counts": counts,
        "page": page,
        "default_topics": topics if is_default_topics else None,
        "digest_form": DigestForm(initial={"wants_daily_digest": doctor.wants_daily_digest}),
        "filter_query": request.GET.urlencode(),
        "invitations": open_invitations_for(doctor=doctor),
    }
    return render(request, "doctors/dashboard.html", context)


@verified_doctor_required
@require_POST
def digest_settings(request):
    """Verified doctors: switch the daily digest of new questions on or off (others as dashboard)."""
    form = DigestForm(request.POST)
    form.is_valid()
    wants = form.cleaned_data.get("wants_daily_digest", False)
    doctor_digest_set(doctor=request.doctor, wants_daily_digest=wants)
    messages.success(request, _("Daily digest switched on.") if wants else _("Daily digest switched off."))
    return redirect("doctors:dashboard")


@doctor_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile_edit(request):
    """Doctors (verified, pending or rejected; not withdrawn): edit their own disclosure, shown
    with every answer. Only one's own profile: there is no id in the URL. Anonymous: to log in;
    patients: 403."""
    doctor = request.doctor
    form = DoctorDisclosureForm(request.POST or None, doctor=doctor)
    if request.method == "POST" and form.is_valid():
        try:
            doctor_disclosure_update(doctor=doctor, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Your disclosure is saved; readers see it with each of your answers.")
            )
            return redirect("doctors:profile_edit")
    return render(request, "doctors/profile_edit.html", {"form": form, "doctor": doctor})
