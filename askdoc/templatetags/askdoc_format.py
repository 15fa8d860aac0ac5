"""Formatting filters for templates (formatting only: no queries, no logic)."""

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def isoformat(value):
    """The machine-readable date of a <time> element, in the site's time zone. The same
    text as `date:'c'` at a fraction of its cost, which counts on a page with 200 posts."""
    if not value:
        return ""
    return timezone.localtime(value).isoformat()
