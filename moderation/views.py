from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from askdoc.ratelimit import rate_limit
from moderation.forms import FlagForm
from moderation.selectors import post_thread_url, reportable_post_get
from moderation.services import flag_create


@login_required
@require_http_methods(["GET", "POST"])
@rate_limit("flag")
def flag_report(request, kind, pk):
    """Signed-in users: report a published question, answer or reply (not their own, once)."""
    post = reportable_post_get(kind=kind, pk=pk)
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            flag_create(post=post, reporter=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. A moderator will review your report."))
            return redirect(post_thread_url(post))
    context = {"form": form, "post": post, "kind": kind, "back_url": post_thread_url(post)}
    return render(request, "moderation/flag_report.html", context)
