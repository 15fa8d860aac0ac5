#!/usr/bin/env bash
# Restore an askdoc backup made by scripts/backup.sh.
#
#   scripts/restore.sh BACKUP_DIR
#
# Replaces the contents of $DATABASE_URL (which must exist; create it first with
# `createdb`) with database.dump, and unpacks the media archives into $MEDIA_ROOT and
# $PRIVATE_MEDIA_ROOT. Stop the site and the worker first. Checksums are verified before
# anything is touched.
set -euo pipefail

backup=${1:?usage: scripts/restore.sh BACKUP_DIR}
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database to restore into}"
here=$(cd "$(dirname "$0")/.." && pwd)
var_dir=${VAR_DIR:-$here/var}
media=${MEDIA_ROOT:-$var_dir/media}
private_media=${PRIVATE_MEDIA_ROOT:-$var_dir/private-media}

(cd "$backup" && sha256sum --check --quiet SHA256SUMS)

pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error \
  --single-transaction --dbname="$DATABASE_URL" "$backup/database.dump"

mkdir -p "$media" "$private_media"
tar -C "$media" -xzf "$backup/media.tar.gz"
tar -C "$private_media" -xzf "$backup/private-media.tar.gz"
echo "restored $backup"
