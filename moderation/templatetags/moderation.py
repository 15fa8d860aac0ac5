"""The report link under each post (a tag, not an included template: a question page can
show 200 posts)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from questions.models import PostStatus

register = template.Library()


@register.simple_tag
def report_link(kind, post):
    """ "Report this question/answer/reply" for a published post; nothing otherwise."""
    if post.status != PostStatus.PUBLISHED:
        return ""
    what = {"question": _("this question"), "answer": _("this answer")}.get(kind, _("this reply"))
    return format_html(
        '<a class="report-link" rel="nofollow" href="{}">{}<span class="visually-hidden"> {}</span></a>',
        reverse("moderation:report", kwargs={"kind": kind, "pk": post.pk}),
        _("Report"),
        what,
    )
