from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from askdoc.markdown import plain_text
from moderation.admin_helpers import decision_action, error_text
from moderation.models import Flag, ModerationDecision
from moderation.services import flag_dismiss, flag_uphold


def _uphold_unless_resolved(*, flag, by):
    # Upholding one report closes the other open reports on the same post; selecting
    # several of them is not an error.
    if Flag.objects.filter(pk=flag.pk, status=Flag.Status.OPEN).exists():
        flag_uphold(flag=flag, by=by)


class FlagStatusFilter(admin.SimpleListFilter):
    """The changelist is the queue: open reports unless asked otherwise."""

    title = gettext_lazy("status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", _("Open")), ("resolved", _("Resolved")), ("all", _("All"))]

    def value(self):
        return super().value() or "open"

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(status=Flag.Status.OPEN)
        if self.value() == "resolved":
            return queryset.exclude(status=Flag.Status.OPEN)
        return queryset


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    """Readers' reports, oldest first; each is dismissed or upheld (post hidden) with one click."""

    list_display = ["created_at", "reason", "post_link", "note_excerpt", "reporter", "status", "decide"]
    list_display_links = ["created_at"]
    list_filter = [FlagStatusFilter, "reason"]
    list_select_related = ["reporter", "question", "answer__doctor", "answer__question", "reply"]
    search_fields = ["note", "reporter__email", "question__title", "answer__body", "reply__body"]
    ordering = ["created_at", "id"]
    fields = [
        "question",
        "answer",
        "reply",
        "reporter",
        "reason",
        "note",
        "status",
        "created_at",
        "resolved_at",
        "resolved_by",
    ]
    readonly_fields = fields
    actions = [
        decision_action(
            name="dismiss_flags",
            description=gettext_lazy("Dismiss selected reports"),
            service=flag_dismiss,
            target="flag",
            done=("%(count)d report dismissed.", "%(count)d reports dismissed."),
        ),
        decision_action(
            name="uphold_flags",
            description=gettext_lazy("Hide the reported posts"),
            service=_uphold_unless_resolved,
            target="flag",
            done=("%(count)d report upheld.", "%(count)d reports upheld."),
        ),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        decide = self.admin_site.admin_view
        return [
            path("<int:pk>/dismiss/", decide(self.dismiss_view), name="moderation_flag_dismiss"),
            path("<int:pk>/uphold/", decide(self.uphold_view), name="moderation_flag_uphold"),
            *super().get_urls(),
        ]

    @admin.display(description=gettext_lazy("post"))
    def post_link(self, flag):
        post = flag.post
        url = reverse(f"admin:{post._meta.app_label}_{post._meta.model_name}_change", args=[post.pk])
        # An answer or reply as its readable text (from the stored sanitized HTML), not Markdown.
        text = post.title if flag.kind == "question" else Truncator(plain_text(post.body_html)).chars(80)
        return format_html('{}: <a href="{}">{}</a> ({})', flag.kind, url, text, post.get_status_display())

    @admin.display(description=gettext_lazy("note"))
    def note_excerpt(self, flag):
        return Truncator(flag.note).chars(120)

    @admin.display(description=gettext_lazy("decide"))
    def decide(self, flag):
        """Per-row buttons: they submit the changelist form (with its CSRF token) to a POST-only view."""
        if flag.status != Flag.Status.OPEN:
            return "—"
        return format_html(
            '<button type="submit" class="button" formaction="{}">{}</button> '
            '<button type="submit" class="button" formaction="{}">{}</button>',
            reverse("admin:moderation_flag_dismiss", args=[flag.pk]),
            _("Dismiss"),
            reverse("admin:moderation_flag_uphold", args=[flag.pk]),
            _("Hide post"),
        )

    def _decide_view(self, request, pk, service, done):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_change_permission(request):
            raise PermissionDenied
        flag = get_object_or_404(Flag, pk=pk)
        try:
            service(flag=flag, by=request.user)
        except ValidationError as error:
            self.message_user(request, error_text(error), messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)
        return redirect("admin:moderation_flag_changelist")

    def dismiss_view(self, request, pk):
        return self._decide_view(request, pk, flag_dismiss, _("Report dismissed."))

    def uphold_view(self, request, pk):
        return self._decide_view(request, pk, flag_uphold, _("Report upheld; the post is hidden."))


@admin.register(ModerationDecision)
class ModerationDecisionAdmin(admin.ModelAdmin):
    """The audit trail, read-only: nobody edits or deletes history."""

    list_display = ["created_at", "actor", "action", "target_link", "reason"]
    list_filter = ["action", "content_type", "created_at"]
    list_select_related = ["actor", "content_type"]
    search_fields = ["reason", "actor__email"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("about"))
    def target_link(self, decision):
        content_type = decision.content_type
        url = reverse(
            f"admin:{content_type.app_label}_{content_type.model}_change", args=[decision.object_id]
        )
        return format_html('<a href="{}">{} #{}</a>', url, content_type.model, decision.object_id)
