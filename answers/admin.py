from django.contrib import admin

from answers.models import Answer, Reply


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "doctor", "created_at"]
    list_filter = ["status", "created_at"]
    list_select_related = ["doctor", "question"]
    search_fields = ["body", "question__title", "doctor__name", "doctor__user__email"]
    raw_id_fields = ["question"]
    autocomplete_fields = ["doctor"]
    readonly_fields = ["created_at", "updated_at", "edited_at"]


@admin.register(Reply)
class ReplyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "author", "created_at"]
    list_filter = ["status", "created_at"]
    list_select_related = ["author", "answer"]
    search_fields = ["body", "author__email"]
    raw_id_fields = ["answer", "parent"]
    autocomplete_fields = ["author"]
    readonly_fields = ["created_at", "updated_at"]
