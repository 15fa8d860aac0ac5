from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from doctors.models import DoctorAwaitingVerification, DoctorProfile
from moderation.admin_helpers import decision_action
from moderation.models import ModerationDecision
from moderation.services import doctor_reject, doctor_verify, doctor_withdraw
from trust.services.verification import doctor_verification_reconfirm

APPROVE = decision_action(
    name="approve_doctors",
    description=_("Verify selected doctors"),
    service=doctor_verify,
    target="doctor",
    done=("%(count)d doctor verified.", "%(count)d doctors verified."),
)
REJECT = decision_action(
    name="reject_doctors",
    description=_("Reject selected doctors, with a reason…"),
    service=doctor_reject,
    target="doctor",
    done=("%(count)d doctor rejected.", "%(count)d doctors rejected."),
    ask_reason=True,
    submit_label=_("Reject"),
)
RECONFIRM = decision_action(
    name="reconfirm_doctors",
    description=_("Re-confirm verification of selected doctors"),
    service=doctor_verification_reconfirm,
    target="doctor",
    done=("%(count)d verification re-confirmed.", "%(count)d verifications re-confirmed."),
)
WITHDRAW = decision_action(
    name="withdraw_doctors",
    description=_("Withdraw verification of selected doctors, with a reason…"),
    service=doctor_withdraw,
    target="doctor",
    done=("%(count)d doctor's verification withdrawn.", "%(count)d doctors' verifications withdrawn."),
    ask_reason=True,
    submit_label=_("Withdraw verification"),
)


@admin.register(DoctorProfile)
class DoctorProfileAdmin(admin.ModelAdmin):
    """Every doctor; verification changes only through the actions, which email the doctor and
    are recorded in the audit trail. New applications wait on "Doctors awaiting verification"."""

    # Web addresses typed without a scheme are https, as on the doctor's own forms.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

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
    readonly_fields = [
        "verification_status",
        "verified_at",
        "rejection_reason",
        "created_at",
        "verification_history",
    ]
    ordering = ["created_at"]
    actions = [APPROVE, REJECT, RECONFIRM, WITHDRAW]

    @admin.display(description=_("re-check by"), ordering="verified_at")
    def recheck_by(self, doctor):
        return doctor.verification_recheck_at

    @admin.display(description=_("email"), ordering="user__email")
    def user_email(self, doctor):
        return doctor.user.email

    @admin.display(description=_("verification decisions"))
    def verification_history(self, doctor):
        """Who decided what about this doctor, when and why: the audit trail, newest first."""
        decisions = ModerationDecision.objects.filter(
            content_type=ContentType.objects.get_for_model(DoctorProfile), object_id=doctor.pk
        ).select_related("actor")
        rows = [
            (
                date_format(localtime(decision.created_at), "DATETIME_FORMAT"),
                decision.get_action_display(),
                decision.actor.email if decision.actor else _("the site"),
                decision.reason or "—",
            )
            for decision in decisions
        ]
        if not rows:
            return "—"
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {} by {} ({})</li>", rows))


@admin.register(DoctorAwaitingVerification)
class DoctorAwaitingVerificationAdmin(admin.ModelAdmin):
    """The verification queue: pending doctors only, who waited longest first, with what staff
    need to check the licence with the licensing body; approve, or reject with a reason."""

    list_display = [
        "name",
        "user_email",
        "specialty",
        "licence_number",
        "licensing_body",
        "clinic",
        "city",
        "created_at",
    ]
    list_display_links = ["name"]
    list_select_related = ["city", "user"]
    search_fields = ["name", "user__email", "licence_number", "licensing_body"]
    fields = [
        "name",
        "user_email",
        "specialty",
        "licence_number",
        "licensing_body",
        "clinic",
        "city",
        "bio",
        "created_at",
    ]
    readonly_fields = fields
    # The changelist applies its own ordering over get_queryset's: oldest application first.
    ordering = ["created_at", "id"]
    actions = [APPROVE, REJECT]

    def get_queryset(self, request):
        return super().get_queryset(request).awaiting_verification()

    # The queue is a view of doctor profiles: it needs the same permissions, not its own.
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("doctors.view_doctorprofile")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("doctors.change_doctorprofile")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("email"), ordering="user__email")
    def user_email(self, doctor):
        return doctor.user.email
