"""Backup and restore (scripts/backup.sh, scripts/restore.sh) round-trip a real PostgreSQL
database and both media trees: every table has the same number of rows afterwards."""

import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from tests.factories import AnswerFactory, QuestionPhotoFactory, ReplyFactory, SubscriberFactory

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"

pytestmark = [
    pytest.mark.skipif(
        not django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="pg_dump/pg_restore need PostgreSQL; run with DATABASE_URL=postgres://...",
    ),
    pytest.mark.skipif(
        shutil.which("pg_dump") is None, reason="the PostgreSQL client tools are not installed"
    ),
    pytest.mark.django_db(transaction=True),  # the rows must be committed for pg_dump to see them
]


def database_url(name):
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"


def row_counts(url):
    import psycopg2

    with psycopg2.connect(url) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - names from pg_tables
            counts[table] = cursor.fetchone()[0]
    conn.close()
    return counts


@pytest.fixture
def scratch_database():
    """An empty database on the same server, dropped afterwards."""
    import psycopg2

    name = f"askdoc_restore_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(database_url("postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield database_url(name)
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def run(script, *args, env):
    import os

    return subprocess.run(
        [str(SCRIPTS / script), *map(str, args)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def media_trees(tmp_path):
    media, private = tmp_path / "media", tmp_path / "private-media"
    (media / "doctors").mkdir(parents=True)
    (media / "doctors" / "portrait.jpg").write_bytes(b"portrait")
    (private / "questions").mkdir(parents=True)
    (private / "questions" / "photo.jpg").write_bytes(b"photo")
    return media, private


def test_backup_then_restore_gives_back_every_row_and_file(tmp_path, scratch_database, media_trees):
    ReplyFactory.create_batch(3)
    AnswerFactory.create_batch(2)
    QuestionPhotoFactory()
    SubscriberFactory.create_batch(4)
    source = database_url(connection.settings_dict["NAME"])
    media, private = media_trees

    backup = run(
        "backup.sh",
        tmp_path / "backups",
        env={"DATABASE_URL": source, "MEDIA_ROOT": str(media), "PRIVATE_MEDIA_ROOT": str(private)},
    )
    assert backup.returncode == 0, backup.stderr
    backup_dir = Path(backup.stdout.strip())
    assert {p.name for p in backup_dir.iterdir()} == {
        "database.dump",
        "media.tar.gz",
        "private-media.tar.gz",
        "SHA256SUMS",
    }

    restored_media, restored_private = tmp_path / "restored-media", tmp_path / "restored-private"
    restore = run(
        "restore.sh",
        backup_dir,
        env={
            "DATABASE_URL": scratch_database,
            "MEDIA_ROOT": str(restored_media),
            "PRIVATE_MEDIA_ROOT": str(restored_private),
        },
    )
    assert restore.returncode == 0, restore.stderr

    expected = row_counts(source)
    assert expected["questions_question"] >= 5 and expected["newsletter_subscriber"] == 4
    assert row_counts(scratch_database) == expected
    assert (restored_media / "doctors" / "portrait.jpg").read_bytes() == b"portrait"
    assert (restored_private / "questions" / "photo.jpg").read_bytes() == b"photo"


def test_a_corrupted_backup_is_refused_before_anything_is_touched(tmp_path, scratch_database, media_trees):
    media, private = media_trees
    source = database_url(connection.settings_dict["NAME"])
    backup = run(
        "backup.sh",
        tmp_path / "backups",
        env={"DATABASE_URL": source, "MEDIA_ROOT": str(media), "PRIVATE_MEDIA_ROOT": str(private)},
    )
    backup_dir = Path(backup.stdout.strip())
    dump = backup_dir / "database.dump"
    dump.write_bytes(dump.read_bytes()[:-10] + b"corrupted!")

    restore = run(
        "restore.sh",
        backup_dir,
        env={
            "DATABASE_URL": scratch_database,
            "MEDIA_ROOT": str(tmp_path / "m"),
            "PRIVATE_MEDIA_ROOT": str(tmp_path / "p"),
        },
    )
    assert restore.returncode != 0
    assert row_counts(scratch_database) == {}
    assert not (tmp_path / "m").exists()
