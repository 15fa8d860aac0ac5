#!/usr/bin/env bash
# Back up askdoc: the PostgreSQL database (pg_dump custom format) and both media trees.
#
#   scripts/backup.sh BACKUP_ROOT
#
# Writes BACKUP_ROOT/askdoc-<UTC timestamp>/ with
#   database.dump          pg_dump --format=custom of $DATABASE_URL
#   media.tar.gz           $MEDIA_ROOT          (doctors' portraits, public uploads)
#   private-media.tar.gz   $PRIVATE_MEDIA_ROOT  (patients' photos: keep this backup private)
#   SHA256SUMS
# and prints the directory. MEDIA_ROOT and PRIVATE_MEDIA_ROOT default as in askdoc/settings.py.
# Copy the directory off the machine (and encrypt it: it holds health information).
set -euo pipefail

root=${1:?usage: scripts/backup.sh BACKUP_ROOT}
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database to back up}"
case "$DATABASE_URL" in postgres://* | postgresql://*) ;; *)
  echo "backup.sh: DATABASE_URL is not PostgreSQL; copy the SQLite file instead" >&2
  exit 2
  ;;
esac
here=$(cd "$(dirname "$0")/.." && pwd)
var_dir=${VAR_DIR:-$here/var}
media=${MEDIA_ROOT:-$var_dir/media}
private_media=${PRIVATE_MEDIA_ROOT:-$var_dir/private-media}

target="$root/askdoc-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$target"
umask 077

# One consistent snapshot of the database (pg_dump runs in a single transaction).
pg_dump --format=custom --no-owner --no-privileges --file="$target/database.dump" "$DATABASE_URL"

archive() { # archive DIR NAME: an empty archive when DIR does not exist yet
  if [ -d "$1" ]; then
    tar -C "$1" -czf "$target/$2" .
  else
    tar -czf "$target/$2" --files-from /dev/null
  fi
}
archive "$media" media.tar.gz
archive "$private_media" private-media.tar.gz

(cd "$target" && sha256sum database.dump media.tar.gz private-media.tar.gz > SHA256SUMS)
echo "$target"
