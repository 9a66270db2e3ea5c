#!/usr/bin/env bash
# Uploads kumo-tiny through the Glance API as three public images, unless images of those names and data exist:
#   kumo-tiny-kernel (aki/aki), kumo-tiny-ramdisk (ari/ari) and kumo-tiny (raw/bare, with kernel_id and
#   ramdisk_id pointing at the other two). Public images need an admin token.
#
#   deploy/images/seed-images.sh GATEWAY_URL TOKEN [IMAGE_DIR]
#
# GATEWAY_URL is the API's base (http://127.0.0.1:8080); the image API is at GATEWAY_URL/image. IMAGE_DIR
# holds vmlinuz, initrd and disk.raw (default .kumo/tiny-image); build-tiny-image.sh fills it when empty.
# KUMO_IMAGE_API overrides where the image API is (the image-service itself, e.g. http://127.0.0.1:8092).
set -euo pipefail

gateway=${1:?usage: seed-images.sh GATEWAY_URL TOKEN [IMAGE_DIR]}
token=${2:?usage: seed-images.sh GATEWAY_URL TOKEN [IMAGE_DIR]}
dir=${3:-.kumo/tiny-image}
images="${KUMO_IMAGE_API:-${gateway%/}/image}/v2/images"
here=$(cd "$(dirname "$0")" && pwd)

api() {   # api METHOD URL [curl args...]: the response body; fails on an HTTP error, showing Glance's message
  local method=$1 url=$2; shift 2
  local body status
  body=$(curl -sS -X "$method" -H "X-Auth-Token: $token" -w '\n%{http_code}' "$@" "$url")
  status=${body##*$'\n'}
  body=${body%$'\n'*}
  if [ "$status" -ge 400 ]; then
    echo "$method $url answered $status: $body" >&2
    return 1
  fi
  printf '%s' "$body"
}

# The id of the first image in a JSON document (the image API writes "id" first in every image).
first_id() { { grep -o '"id": *"[^"]*"' || true; } | head -1 | sed 's/.*"\([^"]*\)"$/\1/'; }

existing() { api GET "$images?name=$1&visibility=all" | first_id; }

checksum() { { grep -o '"checksum": *"[^"]*"' || true; } | head -1 | sed 's/.*"\([^"]*\)"$/\1/'; }

links_hold() { # CURRENT_JSON EXTRA: the image names the kernel and ramdisk it is to name (EXTRA's ids)
  local id
  for id in $(grep -o '"[a-z]*_id": "[^"]*"' <<< "$2" | sed 's/.*"\([^"]*\)"$/\1/'); do
    grep -q "\"$id\"" <<< "$1" || return 1
  done
}

# seed NAME DISK_FORMAT CONTAINER_FORMAT FILE [EXTRA_JSON]: prints the id of the image named NAME, uploaded
# again when the catalog's has other data or names other images than EXTRA_JSON does.
seed() {
  local name=$1 disk=$2 container=$3 file=$4 extra=${5:-} id
  id=$(existing "$name")
  if [ -n "$id" ]; then
    local current
    current=$(api GET "$images/$id")
    if [ "$(checksum <<< "$current")" = "$(md5sum < "$file" | cut -d' ' -f1)" ] && links_hold "$current" "$extra"; then
      echo "exists  $name $id" >&2
      echo "$id"
      return
    fi
    # An image built from older sources (tiny-init.sh changed): the catalog gets this one instead.
    echo "replace $name $id (its data or the images it names are not these)" >&2
    api DELETE "$images/$id" > /dev/null
  fi
  id=$(api POST "$images" -H 'Content-Type: application/json' -d "{\"name\": \"$name\", \"disk_format\": \"$disk\",
      \"container_format\": \"$container\", \"visibility\": \"public\"$extra}" | first_id)
  api PUT "$images/$id/file" -H 'Content-Type: application/octet-stream' -T "$file" > /dev/null
  echo "created $name $id ($(stat -c %s "$file") bytes)" >&2
  echo "$id"
}

stale() { # the image is older than what it is built from
  local source
  for source in "$here/build-tiny-image.sh" "$here/tiny-init.sh" "$here/tiny-udhcpc.sh"; do
    [ "$source" -nt "$dir/disk.raw" ] && return 0
  done
  return 1
}

if [ ! -f "$dir/vmlinuz" ] || [ ! -f "$dir/initrd" ] || [ ! -f "$dir/disk.raw" ] || stale; then
  "$here/build-tiny-image.sh" "$dir" >&2
fi

kernel=$(seed kumo-tiny-kernel aki aki "$dir/vmlinuz")
ramdisk=$(seed kumo-tiny-ramdisk ari ari "$dir/initrd")
seed kumo-tiny raw bare "$dir/disk.raw" ", \"kernel_id\": \"$kernel\", \"ramdisk_id\": \"$ramdisk\"" > /dev/null
