from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from askdoc.pagination import paginate
from doctors.models import DoctorProfile
from doctors.selectors import doctor_answers


@require_safe
def profile(request, slug):
    """Anyone: a verified doctor's public profile and their published answers."""
    doctor = get_object_or_404(DoctorProfile.objects.verified().select_related("city"), slug=slug)
    page = paginate(request, doctor_answers(doctor=doctor), per_page=10)
    return render(request, "doctors/profile.html", {"doctor": doctor, "page": page})
