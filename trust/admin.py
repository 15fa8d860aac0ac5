import csv

from django.contrib import admin
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from trust.models import ClinicalReview, ConsentRecord, Invitation, PersonalDetailFinding

CONSENT_CSV_FIELDS = [
    "id",
    "user_id",
    "email",
    "kind",
    "wording",
    "version",
    "source_page",
    "given_at",
    "confirmed_at",
    "withdrawn_at",
]


def _csv_safe(value):
    """Keep spreadsheet programs from running a cell as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written only by the site's services: staff read them, nobody edits them here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PersonalDetailFinding)
class PersonalDetailFindingAdmin(ReadOnlyAdmin):
    """What the personal-detail guard found before a patient published (moderators only)."""

    list_display = ["created_at", "source", "kinds", "count", "user"]
    list_filter = ["source", "kinds"]
    list_select_related = ["user"]
    search_fields = ["user__email", "redacted_text"]


@admin.register(ClinicalReview)
class ClinicalReviewAdmin(ReadOnlyAdmin):
    list_display = ["answer", "status", "reviewer", "created_at", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["answer__doctor", "answer__question", "reviewer"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["question", "doctor", "invited_by", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["question", "doctor", "invited_by"]


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ReadOnlyAdmin):
    """The consent ledger; export it as CSV to prove consent."""

    list_display = [
        "given_at",
        "kind",
        "email",
        "user",
        "version",
        "source_page",
        "confirmed_at",
        "withdrawn_at",
    ]
    list_filter = ["kind", ("withdrawn_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["email", "user__email"]
    actions = ["export_csv"]

    @admin.action(description=_("Export selected consents as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="askdoc-consents.csv"'
        writer = csv.writer(response)
        writer.writerow(CONSENT_CSV_FIELDS)
        for record in queryset.order_by("given_at", "id"):
            writer.writerow([_csv_safe(getattr(record, name)) for name in CONSENT_CSV_FIELDS])
        return response
