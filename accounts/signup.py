"""allauth's sign-up form, saved in one transaction.

Signing up writes the user, then their display name (accounts.forms.SignupForm.signup), then
their EmailAddress row. Without a transaction a failure in between leaves an account that can
never confirm its address; with one, nothing is kept and the visitor can simply try again.
Kept apart from accounts/forms.py, which allauth imports while building its own forms.
"""

from allauth.account.forms import SignupForm
from django.db import transaction


class AtomicSignupForm(SignupForm):
    def save(self, request):
        with transaction.atomic():
            return super().save(request)
