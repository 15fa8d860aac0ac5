from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.forms import AccountDeleteForm, AccountSettingsForm
from accounts.models import User
from accounts.selectors import user_data_export
from accounts.services import (
    user_answer_emails_off,
    user_delete,
    user_from_unsubscribe_token,
    user_settings_update,
)
from trust.selectors import consents_of


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_settings(request):
    """Signed-in users: their own public name and email choice (never anyone else's)."""
    form = AccountSettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user_settings_update(
            user=request.user,
            display_name=form.cleaned_data["display_name"],
            wants_answer_emails=form.cleaned_data["wants_answer_emails"],
            source_page=request.path,
        )
        messages.success(request, _("Your settings are saved."))
        return redirect("accounts:settings")
    context = {"form": form, "consents": consents_of(user=request.user)}
    return render(request, "accounts/settings.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def notifications_off(request, token):
    """Anyone holding the signed link: confirm (GET) then turn off answer emails (POST)."""
    try:
        user = user_from_unsubscribe_token(token)
    except User.DoesNotExist:
        raise Http404("Unknown link.") from None
    if request.method == "POST":
        user_answer_emails_off(user=user)
        return render(request, "accounts/notifications_off.html", {"done": True})
    return render(request, "accounts/notifications_off.html", {"done": False})


@login_required
@require_safe
def data_export(request):
    """Signed-in users: download everything they posted, as JSON."""
    response = JsonResponse(user_data_export(user=request.user), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="askdoc-my-data.json"'
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_delete(request):
    """Signed-in users: delete their own account after confirming their password."""
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user_delete(user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            messages.success(request, _("Your account is deleted. Doctors' answers stay, without your name."))
            return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})
