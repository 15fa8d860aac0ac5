"""Building blocks for moderation admin actions, shared by the post, doctor and flag admins.

Every action calls a service, one object at a time, so each decision is validated and
recorded like any other; a refused transition becomes a message, never a 500.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from moderation.forms import ReasonForm
from moderation.models import Flag

OPEN_FLAGS = Count("flags", filter=Q(flags__status=Flag.Status.OPEN), distinct=True)


def error_text(error):
    return " ".join(error.messages)


def apply_each(modeladmin, request, queryset, decide, *, done):
    """Run `decide(obj)` on each selected object; report successes and refusals as messages."""
    succeeded = 0
    for obj in queryset:
        try:
            decide(obj)
        except ValidationError as error:
            modeladmin.message_user(request, error_text(error), messages.ERROR)
        else:
            succeeded += 1
    if succeeded:
        modeladmin.message_user(request, done(succeeded), messages.SUCCESS)


def _reason_page(modeladmin, request, queryset, *, form, name, description, submit_label):
    """The intermediate page asking for a reason (like the delete confirmation)."""
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": description,
        "opts": modeladmin.model._meta,
        "form": form,
        "objects": list(queryset),
        "action_name": name,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "submit_label": submit_label,
    }
    return TemplateResponse(request, "moderation/admin/reason_form.html", context)


def decision_action(*, name, description, service, target, done, ask_reason=False, submit_label=None):
    """The one way to build a moderation admin action: publish, hide, restore, lock, approve,
    reject, withdraw, dismiss...

    Each selected object goes through `service(<target>=obj, by=user)` (plus `reason=` when
    `ask_reason`), so the admin obeys the same rules and writes the same audit trail as any
    other caller. `done` is the (singular, plural) success message with `%(count)d`.
    With `ask_reason`, the first POST (from the changelist) shows the reason page; its own POST
    carries `apply`, and a missing reason shows the page again with the error beside the field.
    """
    singular, plural = done

    def action(modeladmin, request, queryset):
        kwargs = {"by": request.user}
        if ask_reason:
            form = ReasonForm(request.POST if "apply" in request.POST else None)
            if not form.is_valid():
                return _reason_page(
                    modeladmin,
                    request,
                    queryset,
                    form=form,
                    name=name,
                    description=description,
                    submit_label=submit_label,
                )
            kwargs["reason"] = form.cleaned_data["reason"]
        apply_each(
            modeladmin,
            request,
            queryset,
            lambda obj: service(**{target: obj}, **kwargs),
            done=lambda count: ngettext(singular, plural, count) % {"count": count},
        )
        return None

    action.__name__ = name
    return admin.action(description=description, permissions=["change"])(action)


class OpenFlagCountMixin:
    """Annotates the changelist with each post's number of open reports (one query for all rows)."""

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(open_flag_count=OPEN_FLAGS)

    @admin.display(description=_("open reports"), ordering="open_flag_count")
    def flag_count(self, obj):
        return obj.open_flag_count


class HasOpenFlagsFilter(admin.SimpleListFilter):
    title = _("reports")
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return [("yes", _("Has open reports")), ("no", _("No open reports"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(open_flag_count__gt=0)
        if self.value() == "no":
            return queryset.filter(open_flag_count=0)
        return queryset


def post_moderation_actions():
    """Publish, hide (with reason), restore and remove: the same four actions for every kind of post."""
    from moderation.services import post_hide, post_publish, post_remove, post_restore

    return [
        decision_action(
            name="publish_posts",
            description=_("Publish selected (awaiting review)"),
            service=post_publish,
            target="post",
            done=("%(count)d post published.", "%(count)d posts published."),
        ),
        decision_action(
            name="hide_posts",
            description=_("Hide selected, with a reason…"),
            service=post_hide,
            target="post",
            done=("%(count)d post hidden.", "%(count)d posts hidden."),
            ask_reason=True,
            submit_label=_("Hide"),
        ),
        decision_action(
            name="restore_posts",
            description=_("Restore selected (hidden or removed)"),
            service=post_restore,
            target="post",
            done=("%(count)d post restored.", "%(count)d posts restored."),
        ),
        decision_action(
            name="remove_posts",
            description=_("Remove selected, with a reason…"),
            service=post_remove,
            target="post",
            done=("%(count)d post removed.", "%(count)d posts removed."),
            ask_reason=True,
            submit_label=_("Remove"),
        ),
    ]
