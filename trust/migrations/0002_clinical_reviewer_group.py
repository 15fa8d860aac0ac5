"""The "Clinical reviewer" group staff add verified doctors to (see trust/roles.py), and
read access for the Moderator group to what the guard found, reviews, invitations and consents."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from moderation.roles import MODERATOR_PERMISSIONS
from trust.roles import CLINICAL_REVIEWER_GROUP


def create_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=CLINICAL_REVIEWER_GROUP)
    app_config = apps.get_app_config("trust")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    moderators = apps.get_model("auth", "Group").objects.filter(name="Moderator").first()
    if moderators is not None:
        permissions = apps.get_model("auth", "Permission").objects.filter(
            content_type__app_label="trust", codename__in=MODERATOR_PERMISSIONS["trust"]
        )
        moderators.permissions.add(*permissions)


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=CLINICAL_REVIEWER_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("moderation", "0002_moderator_group"),
        ("trust", "0001_trust_ledgers_reviews_invitations"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
