from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import override_settings

from accounts.models import User
from moderation.roles import MODERATOR_GROUP

pytestmark = pytest.mark.django_db


def test_the_data_migration_creates_the_moderator_group_with_only_its_permissions():
    codenames = set(Group.objects.get(name=MODERATOR_GROUP).permissions.values_list("codename", flat=True))
    assert {
        "change_question",
        "change_answer",
        "change_reply",
        "change_flag",
        "change_doctorprofile",
    } <= codenames
    assert not codenames & {"change_user", "delete_user", "change_group", "delete_question", "delete_answer"}


def test_load_demo_puts_the_demo_moderator_in_the_group():
    with override_settings(DEBUG=True):
        call_command("load_demo", verbosity=0, stdout=StringIO())
    moderator = User.objects.get(email="moderator@askdoc.test")
    assert moderator.is_staff and not moderator.is_superuser
    assert moderator.groups.filter(name=MODERATOR_GROUP).exists()
    assert moderator.has_perm("answers.change_answer")
    assert not moderator.has_perm("accounts.change_user")
