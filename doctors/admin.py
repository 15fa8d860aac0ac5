from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from doctors.models import DoctorProfile
from moderation.admin_helpers import counted, reason_action, simple_action
from moderation.services import doctor_reject, doctor_verify, doctor_withdraw
from trust.services.verification import doctor_verification_reconfirm


@admin.register(DoctorProfile)
class DoctorProfileAdmin(admin.ModelAdmin):
    """The verification queue: filter on "Pending verification", check the licence, decide."""

    list_display = [
        "name",
        "user_email",
        "specialty",
        "licence_number",
        "licensing_body",
        "city",
        "verification_status",
        "recheck_by",
        "created_at",
    ]
    list_filter = ["verification_status", "specialty"]
    list_select_related = ["city", "user"]
    search_fields = ["name", "user__email", "licence_number", "clinic"]
    autocomplete_fields = ["user", "city"]
    filter_horizontal = ["topics"]
    prepopulated_fields = {"slug": ["name"]}
    # Verification changes only through the actions, which email the doctor and are audited.
    readonly_fields = ["verification_status", "verified_at", "created_at"]
    ordering = ["created_at"]
    actions = [
        simple_action(
            name="approve_doctors",
            description=_("Verify selected doctors"),
            decide=lambda doctor, by: doctor_verify(doctor=doctor, by=by),
            done=counted("%(count)d doctor verified.", "%(count)d doctors verified."),
        ),
        reason_action(
            name="reject_doctors",
            description=_("Reject selected doctors, with a reason…"),
            decide=lambda doctor, by, reason: doctor_reject(doctor=doctor, by=by, reason=reason),
            done=counted("%(count)d doctor rejected.", "%(count)d doctors rejected."),
            submit_label=_("Reject"),
        ),
        simple_action(
            name="reconfirm_doctors",
            description=_("Re-confirm verification of selected doctors"),
            decide=lambda doctor, by: doctor_verification_reconfirm(doctor=doctor, by=by),
            done=counted("%(count)d verification re-confirmed.", "%(count)d verifications re-confirmed."),
        ),
        reason_action(
            name="withdraw_doctors",
            description=_("Withdraw verification of selected doctors, with a reason…"),
            decide=lambda doctor, by, reason: doctor_withdraw(doctor=doctor, by=by, reason=reason),
            done=counted(
                "%(count)d doctor's verification withdrawn.", "%(count)d doctors' verifications withdrawn."
            ),
            submit_label=_("Withdraw verification"),
        ),
    ]

    @admin.display(description=_("re-check by"), ordering="verified_at")
    def recheck_by(self, doctor):
        return doctor.verification_recheck_at

    @admin.display(description=_("email"), ordering="user__email")
    def user_email(self, doctor):
        return doctor.user.email
