import csv

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsletter.models import Campaign, CampaignDelivery, Subscriber
from newsletter.services import campaign_send, campaign_send_test

CSV_COLUMNS = [
    "email", "status", "consented_at", "consent_text", "source_page", "ip_address", "confirmed_at",
]  # fmt: skip


def _csv_cell(value):
    """Neutralise spreadsheet formulas (CSV injection) in values people typed."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    """The consent record is evidence: it is read-only here and only services change status."""

    list_display = ["email", "status", "source_page", "consented_at", "confirmed_at"]
    list_filter = ["status", "source_page", "created_at"]
    search_fields = ["email", "source_page"]
    readonly_fields = [
        "email", "status", "consent_text", "source_page", "ip_address", "created_at",
        "consented_at", "confirmed_at", "unsubscribed_at", "last_emailed_at",
    ]  # fmt: skip
    actions = ["export_confirmed_csv"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Export the selected confirmed subscribers as CSV"))
    def export_confirmed_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"askdoc-subscribers-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        writer = csv.writer(response)
        writer.writerow(CSV_COLUMNS)
        for subscriber in queryset.confirmed().order_by("email"):
            writer.writerow([_csv_cell(getattr(subscriber, column)) for column in CSV_COLUMNS])
        return response


@admin.register(CampaignDelivery)
class CampaignDeliveryAdmin(admin.ModelAdmin):
    """Who got which campaign: a read-only record, filterable to find the failures."""

    list_display = ["campaign", "subscriber", "status", "sent_at", "error"]
    list_filter = ["status", "campaign"]
    search_fields = ["subscriber__email"]
    list_select_related = ["campaign", "subscriber"]
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["subject", "created_at", "send_started_at", "sent_count", "failed_count"]
    readonly_fields = ["created_by", "created_at", "send_started_at"]
    fields = ["subject", "body", "created_by", "created_at", "send_started_at"]
    actions = ["send_test_to_me", "send_to_confirmed"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                sent=Count("deliveries", filter=Q(deliveries__status=CampaignDelivery.Status.SENT)),
                failed=Count("deliveries", filter=Q(deliveries__status=CampaignDelivery.Status.FAILED)),
            )
        )

    @admin.display(description=_("sent"), ordering="sent")
    def sent_count(self, campaign):
        return campaign.sent

    @admin.display(description=_("failed"), ordering="failed")
    def failed_count(self, campaign):
        return campaign.failed

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_send_permission(self, request):
        return request.user.has_perm("newsletter.send_campaign")

    @admin.action(description=_("Send a test of the selected campaigns to myself"), permissions=["send"])
    def send_test_to_me(self, request, queryset):
        for campaign in queryset:
            campaign_send_test(campaign=campaign, email=request.user.email)
        self.message_user(
            request,
            _("A test is on its way to %(email)s.") % {"email": request.user.email},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Send the selected campaigns to all confirmed subscribers (or resume)"),
        permissions=["send"],
    )
    def send_to_confirmed(self, request, queryset):
        for campaign in queryset:
            count = campaign_send(campaign=campaign)
            self.message_user(
                request,
                ngettext(
                    "“%(subject)s” is queued for %(count)d subscriber.",
                    "“%(subject)s” is queued for %(count)d subscribers.",
                    count,
                )
                % {"subject": campaign.subject, "count": count},
                messages.SUCCESS,
            )
