#!/bin/sh
# /init of kumo-tiny: reports on the serial console what the cloud gave this guest, then idles.
# Every report line starts with "kumo-tiny:" so tests can grep the console log.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
echo "kumo-tiny booted"

for module in $(cat /etc/modules); do insmod "$module" 2>/dev/null; done
hostname "$(cat /etc/hostname)"

# The config drive: a disk labelled config-2 (iso9660 or vfat), else the usual places for one.
find_config_drive() {
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    for device in $(findfs LABEL=config-2 2>/dev/null) /dev/sr0 /dev/vdb /dev/sdb /dev/vdc; do
      [ -b "$device" ] || continue
      for fs in iso9660 vfat; do
        if mount -t "$fs" -o ro "$device" /mnt/config 2>/dev/null; then
          if [ -f /mnt/config/openstack/latest/meta_data.json ]; then echo "$device"; return 0; fi
          umount /mnt/config
        fi
      done
    done
    sleep 1
  done
  return 1
}

# The value of a string field of a one-object JSON document (enough for meta_data.json's flat fields).
json_string() {
  sed -n "s/.*\"$1\": *\"\([^\"]*\)\".*/\1/p" "$2" | head -1
}

report_config_drive() {
  meta=/mnt/config/openstack/latest/meta_data.json
  echo "kumo-tiny: config drive $1"
  echo "kumo-tiny: uuid $(json_string uuid "$meta")"
  echo "kumo-tiny: hostname $(json_string hostname "$meta")"
  # "public_keys": {"name": "ssh-ed25519 AAAA... user@host", ...}: one line per key.
  tr -d '\n' < "$meta" | sed -n 's/.*"public_keys": *{\([^}]*\)}.*/\1/p' | awk -F'"' '
    { for (i = 2; i + 2 <= NF; i += 4) print "kumo-tiny: public_key " $i " " $(i + 2) }'
  if [ -f /mnt/config/openstack/latest/user_data ]; then
    while IFS= read -r line || [ -n "$line" ]; do echo "kumo-tiny: user_data $line"; done \
      < /mnt/config/openstack/latest/user_data
  fi
  hostname "$(json_string hostname "$meta")" 2>/dev/null
}

if device=$(find_config_drive); then
  report_config_drive "$device"
else
  echo "kumo-tiny: no config drive"
fi

ip link set lo up
if ip link show eth0 >/dev/null 2>&1; then
  ip link set eth0 up
  if udhcpc -i eth0 -s /etc/udhcpc.script -n -q -t 5 -T 2 >/dev/null 2>&1; then
    echo "kumo-tiny: eth0 address $(ip -4 -o addr show dev eth0 | awk '{print $4}')"
  else
    echo "kumo-tiny: eth0 got no DHCP lease"
  fi
else
  echo "kumo-tiny: no eth0"
fi

echo "kumo-tiny: ready"

# Metadata "kumo_ping" (addresses separated by spaces): ping each of them every two seconds, for ever, and
# report each result, so that a test can watch what reaches this guest and what it reaches.
targets=""
[ -f /mnt/config/openstack/latest/meta_data.json ] && \
  targets=$(json_string kumo_ping /mnt/config/openstack/latest/meta_data.json)
if [ -n "$targets" ]; then
  round=0
  while :; do
    round=$((round + 1))
    for target in $targets; do
      if ping -c 1 -W 1 "$target" >/dev/null 2>&1; then result=ok; else result=fail; fi
      echo "kumo-tiny: ping $target $result round $round"
    done
    sleep 2
  done
fi
while :; do sleep 3600; done
