import pytest
from django.contrib.auth.models import Group

from tests.factories import UserFactory


@pytest.fixture
def moderator(db):
    """Staff, not superuser, in the Moderator group made by the data migration."""
    user = UserFactory(email="mod@example.com", display_name="Mod", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderator"))
    return user


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The 100-row changelist tests create hundreds of users; hashing need not be slow here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
