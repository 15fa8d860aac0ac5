from django.contrib import admin

from doctors.models import DoctorProfile


@admin.register(DoctorProfile)
class DoctorProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "specialty", "city", "verification_status", "verified_at"]
    list_filter = ["verification_status", "specialty"]
    list_select_related = ["city", "user"]
    search_fields = ["name", "user__email", "licence_number", "clinic"]
    autocomplete_fields = ["user", "city"]
    filter_horizontal = ["topics"]
    prepopulated_fields = {"slug": ["name"]}
