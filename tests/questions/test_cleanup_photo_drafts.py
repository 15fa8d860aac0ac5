import os
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from questions.photos import photo_drafts_load, photo_drafts_store, photo_process
from tests.factories import UserFactory
from tests.images import image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafts_dir(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    return Path(tmp_path) / "drafts"


def _store(user):
    photo = photo_process(SimpleUploadedFile("p.jpg", image_bytes(), "image/jpeg"))
    return photo_drafts_store(user=user, photos=[photo])


def _age(path, hours):
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_drafts_older_than_the_cutoff_are_deleted_with_their_files(drafts_dir):
    user = UserFactory()
    old_token = _store(user)
    old_files = set(drafts_dir.iterdir())
    for path in old_files:
        _age(path, hours=30)
    new_token = _store(user)
    out = StringIO()
    call_command("cleanup_photo_drafts", stdout=out)
    assert "Deleted 2 " in out.getvalue()
    assert len(list(drafts_dir.iterdir())) == 2
    assert not old_files & set(drafts_dir.iterdir())
    assert photo_drafts_load(user=user, token=old_token) == [None]
    assert photo_drafts_load(user=user, token=new_token)[0] is not None


def test_recent_drafts_are_kept_and_still_usable(drafts_dir):
    user = UserFactory()
    token = _store(user)
    call_command("cleanup_photo_drafts", stdout=StringIO())
    assert len(list(drafts_dir.iterdir())) == 2
    assert photo_drafts_load(user=user, token=token)[0] is not None


def test_hours_option_sets_the_cutoff(drafts_dir):
    _store(UserFactory())
    for path in drafts_dir.iterdir():
        _age(path, hours=3)
    call_command("cleanup_photo_drafts", "--hours", "4", stdout=StringIO())
    assert len(list(drafts_dir.iterdir())) == 2
    call_command("cleanup_photo_drafts", "--hours", "2", stdout=StringIO())
    assert list(drafts_dir.iterdir()) == []


def test_photos_of_posted_questions_are_never_touched(drafts_dir, settings):
    from tests.factories import QuestionPhotoFactory

    photo = QuestionPhotoFactory()
    _age(photo.image.path, hours=1000)
    call_command("cleanup_photo_drafts", "--hours", "0", stdout=StringIO())
    assert Path(photo.image.path).exists()


def test_no_drafts_directory_is_fine(drafts_dir):
    out = StringIO()
    call_command("cleanup_photo_drafts", stdout=out)
    assert "Deleted 0 " in out.getvalue()


def test_a_negative_age_is_refused():
    with pytest.raises(CommandError):
        call_command("cleanup_photo_drafts", "--hours", "-1", stdout=StringIO())
