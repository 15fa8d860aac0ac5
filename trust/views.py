from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from doctors.models import DoctorProfile
from doctors.permissions import doctor_for, refuse
from questions.models import Question
from trust.forms import InvitationForm, ReviewDecisionForm
from trust.models import ClinicalReview, ConsentRecord
from trust.roles import is_clinical_reviewer
from trust.selectors import MAX_OPEN_INVITATIONS, invitable_doctors, invitations_of_question, open_reviews
from trust.services.consents import consent_withdraw
from trust.services.invitations import can_invite, invitation_create
from trust.services.reviews import clinical_review_decide


@login_required
@require_POST
def consent_withdraw_view(request, pk):
    """Signed-in users: withdraw one of their own consents (anyone else's is a 404)."""
    record = get_object_or_404(ConsentRecord.objects.of_user(request.user), pk=pk)
    try:
        consent_withdraw(record=record, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Consent withdrawn: %(kind)s.") % {"kind": record.get_kind_display()})
    return redirect("accounts:settings")


def _reviewer_or_refusal(request):
    doctor = doctor_for(request.user)
    if not is_clinical_reviewer(request.user, doctor):
        return None, refuse(
            request, _("Only clinical reviewers (verified doctors given that role) can do this.")
        )
    return doctor, None


@login_required
@require_safe
def review_queue(request):
    """Clinical reviewers only: open reviews of answers reported as unsafe medical advice."""
    doctor, refusal = _reviewer_or_refusal(request)
    if refusal:
        return refusal
    reviews = list(open_reviews())
    return render(
        request,
        "trust/review_queue.html",
        {"reviews": reviews, "doctor": doctor, "form": ReviewDecisionForm()},
    )


@login_required
@require_POST
def review_decide(request, pk):
    """Clinical reviewers only, never on their own answer: confirm an answer or add a correction."""
    doctor, refusal = _reviewer_or_refusal(request)
    if refusal:
        return refusal
    review = get_object_or_404(ClinicalReview, pk=pk)
    form = ReviewDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["correction_note"]))
        return redirect("trust:reviews")
    try:
        clinical_review_decide(
            review=review,
            reviewer_user=request.user,
            reviewer_doctor=doctor,
            correction_note=form.cleaned_data["correction_note"],
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Your review is published on the answer."))
    return redirect("trust:reviews")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def invite(request, question_pk):
    """The asker and moderators (staff): invite a verified doctor of the question's topics.
    Anyone else gets a 404; at most three invitations are open per question."""
    question = get_object_or_404(Question.objects.published(), pk=question_pk)
    if not can_invite(user=request.user, question=question):
        raise Http404("No such question of yours.")
    doctors = invitable_doctors(question=question)
    form = InvitationForm(request.POST or None, doctors=DoctorProfile.objects.all())
    if request.method == "POST" and form.is_valid():
        try:
            invitation_create(question=question, doctor=form.cleaned_data["doctor"], invited_by=request.user)
        except ValidationError as error:
            # Not beside the radio list: the doctor may no longer be among its choices.
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Invitation sent to %(doctor)s.") % {"doctor": form.cleaned_data["doctor"]}
            )
            return redirect("trust:invite", question_pk=question.pk)
    form.fields["doctor"].queryset = doctors
    context = {
        "question": question,
        "form": form,
        "invitations": invitations_of_question(question=question),
        "max_open": MAX_OPEN_INVITATIONS,
    }
    return render(request, "trust/invite.html", context)
