"""The "Moderator" group: staff who moderate posts and verify doctors, and nothing more.

They may view users (for autocomplete) but not change them, their passwords or groups.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATOR_PERMISSIONS = {
    "questions": ["view_question", "change_question", "view_topic", "view_city"],
    "answers": ["view_answer", "change_answer", "view_reply", "change_reply"],
    "doctors": ["view_doctorprofile", "change_doctorprofile"],
    "accounts": ["view_user"],
    "moderation": ["view_flag", "change_flag", "view_moderationdecision"],
}


def create_moderator_group(apps, schema_editor):
    # Permissions are normally created after migrate; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name="Moderator")
    for app_label, codenames in MODERATOR_PERMISSIONS.items():
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
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
