from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from newsletter.forms import SubscribeForm
from newsletter.services import subscriber_subscribe


def _safe_next(request, candidate):
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return "/"


@require_POST
def subscribe(request):
    """Anyone: the footer form. Returns to the page the visitor was on."""
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return render(request, "newsletter/subscribe_error.html", {"form": form}, status=400)
    subscriber_subscribe(
        email=form.cleaned_data["email"],
        consent_text=SubscribeForm.consent_text,
        source_page=_safe_next(request, form.cleaned_data["next"]),
        ip_address=request.META.get("REMOTE_ADDR"),
    )
    messages.success(request, _("Thank you. Check your inbox to confirm your subscription."))
    return redirect(_safe_next(request, form.cleaned_data["next"]))
