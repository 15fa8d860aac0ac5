"""Doctor markup shown once per post (a tag, not an included template: an include costs
ten times as much, and a question page can show 200 posts)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def doctor_name(doctor):
    """The doctor's name linking to their profile, with their verification badge."""
    url = doctor.get_absolute_url()
    link = format_html('<a class="doctor-name" href="{}">{}</a>', url, doctor.display_name)
    if doctor.is_verification_expired:
        expired = _("Verification expired")
        return format_html('{} <span class="badge text-bg-warning">{}</span>', link, expired)
    if doctor.is_verified:
        return format_html(
            '{} <span class="badge verified-badge" title="{}">{}</span>',
            link,
            _("Licence checked by askdoc staff"),
            _("Verified doctor"),
        )
    return link
