from django.contrib import admin

from newsletter.models import Subscriber


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "source_page", "created_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["email"]
    readonly_fields = ["consent_text", "source_page", "ip_address", "created_at"]
