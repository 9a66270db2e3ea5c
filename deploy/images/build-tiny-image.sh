#!/usr/bin/env bash
# Builds "kumo-tiny", the smallest guest Kumo boots: a Debian kernel, an initramfs made of busybox-static
# whose /init reports what the cloud gave it (config drive, DHCP address) on the serial console, and a small
# raw disk. Only Debian packages go in; the same packages give byte-identical files.
#
#   deploy/images/build-tiny-image.sh OUTPUT_DIR
#
# Writes OUTPUT_DIR/vmlinuz, OUTPUT_DIR/initrd and OUTPUT_DIR/disk.raw (files already up to date are left
# alone) and prints what it made. Needs linux-image-amd64, busybox-static and cpio; installs them with
# apt-get when run as root. Boot with: -kernel vmlinuz -initrd initrd -append console=ttyS0 (128 MiB RAM).
set -euo pipefail

out=${1:?usage: build-tiny-image.sh OUTPUT_DIR}
here=$(cd "$(dirname "$0")" && pwd)
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1704067200}   # fixed times inside the archive
export LC_ALL=C

# Modules the guest needs: virtio disks and NICs, an e1000 NIC, CD-ROMs, and the config drive's file systems.
modules="virtio_pci virtio_blk virtio_net virtio_scsi e1000 ata_piix sr_mod isofs vfat nls_cp437 nls_iso8859-1 nls_utf8 nls_ascii"

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

require_packages() {
  local missing=()
  for p in linux-image-amd64 busybox-static cpio; do installed "$p" || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing Debian packages: ${missing[*]} (run: apt-get install ${missing[*]})" >&2; exit 1
  fi
  apt-get install -y --no-install-recommends "${missing[@]}" >&2
}

# The versioned kernel package linux-image-amd64 points at, e.g. linux-image-6.1.0-56-amd64.
kernel_package() {
  dpkg-query -W -f='${Depends}' linux-image-amd64 | tr ',|' '\n\n' | sed -n 's/^ *\(linux-image-[0-9][^ ]*\).*/\1/p' | head -1
}

# Prints the module files to load, dependencies first, from the kernel's modules.dep.
module_load_order() {
  local moddir=$1; shift
  awk -v want="$*" -v dir="$moddir" '
    { split($0, parts, ":"); file = parts[1]; deps[file] = parts[2];
      name = file; sub(/.*\//, "", name); sub(/\.ko.*$/, "", name); gsub(/-/, "_", name); path[name] = file }
    function visit(f,    n, i, d) {
      if (done[f]++) return
      n = split(deps[f], d, " ")
      for (i = n; i >= 1; i--) visit(d[i])
      print f
    }
    END { n = split(want, w, " ")
          for (i = 1; i <= n; i++) { m = w[i]; gsub(/-/, "_", m)
            if (m in path) visit(path[m]); else print "no module " w[i] > "/dev/stderr" } }
  ' "$moddir/modules.dep"
}

build_initramfs() {
  local root=$1 version=$2 moddir="/lib/modules/$2"
  mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,tmp,mnt/config,run,usr/bin,usr/sbin,lib/modules}
  cp /bin/busybox "$root/bin/busybox"
  for applet in $(/bin/busybox --list-full | sort); do
    [ "$applet" = bin/busybox ] || ln -sf /bin/busybox "$root/$applet"
  done
  : > "$root/etc/modules"
  for module in $(module_load_order "$moddir" $modules); do
    mkdir -p "$root/lib/modules/$(dirname "$module")"
    cp "$moddir/$module" "$root/lib/modules/$module"
    echo "/lib/modules/$module" >> "$root/etc/modules"
  done
  install -m 0755 "$here/tiny-init.sh" "$root/init"
  install -m 0755 "$here/tiny-udhcpc.sh" "$root/etc/udhcpc.script"
  echo "kumo-tiny" > "$root/etc/hostname"
  find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
  (cd "$root" && find . -mindepth 1 | sort | cpio --quiet --reproducible -o -H newc -R 0:0) | gzip -n -9
}

# A small raw disk: zeros with a label at the start, so the guest has a root disk to attach.
build_disk() {
  { printf 'KUMO-TINY-DISK 1\n'; head -c $((1024 * 1024 - 17)) /dev/zero; }
}

# Moves a freshly built file into place unless an identical one is already there.
place() {
  local built=$1 target=$2
  if [ -f "$target" ] && cmp -s "$built" "$target"; then
    echo "unchanged  $target  $(stat -c %s "$target") bytes  sha256 $(sha256sum < "$target" | cut -c1-16)"
  else
    mv "$built" "$target"
    echo "made       $target  $(stat -c %s "$target") bytes  sha256 $(sha256sum < "$target" | cut -c1-16)"
  fi
}

require_packages
package=$(kernel_package)
version=${package#linux-image-}
vmlinuz=$(dpkg -L "$package" | grep "^/boot/vmlinuz-" | head -1)
[ -r "$vmlinuz" ] || { echo "no kernel found in $package" >&2; exit 1; }

mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$vmlinuz" "$work/vmlinuz"
build_initramfs "$work/root" "$version" > "$work/initrd"
build_disk > "$work/disk.raw"

echo "kumo-tiny from $package ($(dpkg-query -W -f='${Version}' "$package")) and busybox-static ($(dpkg-query -W -f='${Version}' busybox-static)):"
for f in vmlinuz initrd disk.raw; do place "$work/$f" "$out/$f"; done
