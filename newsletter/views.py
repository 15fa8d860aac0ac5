from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from askdoc.ratelimit import client_ip, rate_limit
from newsletter.forms import SubscribeForm
from newsletter.selectors import subscriber_for_confirm_token
from newsletter.services import subscriber_confirm, subscriber_subscribe, subscriber_unsubscribe
from newsletter.tokens import unsubscribe_token_read

SUBSCRIBED_MESSAGE = gettext_lazy("Thank you. Check your inbox to confirm your subscription.")


def _safe_next(request, candidate):
    # Only a path on this site: redirect() would read any other word as a view name.
    if (
        candidate
        and candidate.startswith("/")
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return "/"


@require_POST
@rate_limit("subscribe")
def subscribe(request):
    """Anyone: the footer form. Returns to the page the visitor was on.

    A filled honeypot gets the same answer as a real sign-up, but nothing is stored or sent.
    """
    form = SubscribeForm(request.POST)
    if form.is_honeypot_filled:
        messages.success(request, SUBSCRIBED_MESSAGE)
        return redirect(_safe_next(request, request.POST.get("next", "")))
    if not form.is_valid():
        return render(request, "newsletter/subscribe_error.html", {"form": form}, status=400)
    next_url = _safe_next(request, form.cleaned_data["next"])
    subscriber_subscribe(
        email=form.cleaned_data["email"],
        consent_text=SubscribeForm.consent_text,
        source_page=next_url,
        ip_address=client_ip(request),
    )
    messages.success(request, SUBSCRIBED_MESSAGE)
    return redirect(next_url)


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """Anyone holding the signed link from the confirmation email. GET shows a button, POST confirms."""
    try:
        subscriber = subscriber_for_confirm_token(token)
    except signing.SignatureExpired:
        return render(request, "newsletter/link_invalid.html", {"expired": True}, status=400)
    except signing.BadSignature:
        return render(request, "newsletter/link_invalid.html", status=400)
    if request.method == "POST":
        try:
            subscriber_confirm(subscriber_id=subscriber.pk, email=subscriber.email)
        except ValidationError:
            return render(request, "newsletter/link_invalid.html", status=400)
        messages.success(request, _("Your subscription is confirmed. Welcome!"))
        return redirect(request.path)
    if subscriber.status == subscriber.Status.UNSUBSCRIBED:
        return render(request, "newsletter/link_invalid.html", status=400)
    return render(request, "newsletter/confirm.html", {"subscriber": subscriber})


@csrf_exempt  # Authenticated by the signed token; RFC 8058 one-click POSTs carry no CSRF token.
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Anyone holding the signed link from an email. GET asks, POST unsubscribes (also one-click)."""
    try:
        email = unsubscribe_token_read(token)
    except signing.BadSignature:
        return render(request, "newsletter/link_invalid.html", {"unsubscribe": True}, status=400)
    if request.method == "POST":
        subscriber_unsubscribe(email=email)
        return render(request, "newsletter/unsubscribed.html", {"email": email})
    return render(request, "newsletter/unsubscribe.html", {"email": email})
