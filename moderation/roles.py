"""The Moderator group: staff who moderate posts and verify doctors, and nothing more.

They may view users (for autocomplete) but not change them, their passwords or groups,
and they delete nothing: hidden content is kept so it can be restored.
"""

MODERATOR_GROUP = "Moderator"
MODERATOR_PERMISSIONS = {
    "questions": ["view_question", "change_question", "view_topic", "view_city"],
    "answers": ["view_answer", "change_answer", "view_reply", "change_reply"],
    "doctors": ["view_doctorprofile", "change_doctorprofile"],
    "accounts": ["view_user"],
    "moderation": ["view_flag", "change_flag", "view_moderationdecision"],
    # Granted by trust's migration 0002, which runs after trust's tables exist.
    "trust": ["view_personaldetailfinding", "view_clinicalreview", "view_invitation", "view_consentrecord"],
}


def moderator_group_ensure(*, group_model, permission_model):
    """Create the group if needed and give it exactly its permissions.

    Takes the model classes so the data migration can pass its historical models and
    `load_demo` the real ones (a flushed test database loses the migration's rows).
    """
    group, _created = group_model.objects.get_or_create(name=MODERATOR_GROUP)
    permissions = []
    for app_label, codenames in MODERATOR_PERMISSIONS.items():
        permissions += permission_model.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )
    group.permissions.set(permissions)
    return group


def moderator_group():
    from django.contrib.auth.models import Group, Permission

    return moderator_group_ensure(group_model=Group, permission_model=Permission)
