#!/bin/sh
# Install the Debian packages Keel needs, if any are missing (run by `make run`, `make check`,
# `make bench`). Says what it installs; silent when everything is present. Uses sudo when not
# root. Never installs grub-pc or grub-efi-amd64 (they would take over the host's boot loader):
# only the -bin packages that grub-mkrescue needs.
set -eu
PKGS="make gcc clang lld nasm binutils python3 grub-common grub-pc-bin grub-efi-amd64-bin xorriso mtools
dosfstools qemu-system-x86 qemu-system-data ovmf libvterm-dev unicode-data libclang-rt-14-dev util-linux tmux picocom screen minicom
console-setup-linux"
missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
echo "deps: installing missing Debian packages:$missing"
if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "deps: not root and no sudo; please install:$missing" >&2
	exit 1
fi
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
# shellcheck disable=SC2086
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
echo "deps: done"
