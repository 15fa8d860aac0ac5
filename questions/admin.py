from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from questions.models import City, PostStatus, Question, Topic
from questions.services import question_publish


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["name", "province", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "author", "city", "created_at"]
    list_filter = ["status", "topics", "created_at"]
    list_select_related = ["author", "city"]
    search_fields = ["title", "body", "author__email"]
    autocomplete_fields = ["author", "topics", "city"]
    readonly_fields = ["slug", "created_at", "updated_at", "published_at"]
    date_hierarchy = "created_at"
    actions = ["publish"]

    @admin.action(description=_("Publish selected questions"))
    def publish(self, request, queryset):
        published = 0
        for question in queryset.exclude(status=PostStatus.PUBLISHED):
            question_publish(question=question)
            published += 1
        self.message_user(request, _("%d question(s) published.") % published, messages.SUCCESS)
