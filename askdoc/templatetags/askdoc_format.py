"""Formatting filters and tags for templates (formatting only: no queries, no logic)."""

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

register = template.Library()


@register.filter
def isoformat(value):
    """The machine-readable date of a <time> element, in the site's time zone. The same
    text as `date:'c'` at a fraction of its cost, which counts on a page with 200 posts."""
    if not value:
        return ""
    return timezone.localtime(value).isoformat()


@register.simple_tag
def time_element(value):
    """`<time datetime="…">…</time>` for an aware datetime, in the site's time zone and date
    format. A tag, not an included template: a question page shows one per post, and an
    include costs ten times as much."""
    if not value:
        return ""
    local = timezone.localtime(value)
    shown = date_format(local, "DATETIME_FORMAT")
    return format_html('<time datetime="{}">{}</time>', local.isoformat(), shown)
