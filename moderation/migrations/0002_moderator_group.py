"""The "Moderator" group and its permissions (listed in moderation/roles.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from moderation.roles import moderator_group_ensure

def create_moderator_group(apps, schema_editor):
    # Permissions are normally created after migrate; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    moderator_group_ensure(
        group_model=apps.get_model("auth", "Group"), permission_model=apps.get_model("auth", "Permission")
    )


def delete_moderator_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Moderator").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("accounts", "0002_user_wants_answer_emails"),
        ("questions", "0001_initial"),
        ("answers", "0001_initial"),
        ("doctors", "0001_initial"),
        ("moderation", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_moderator_group, delete_moderator_group)]
