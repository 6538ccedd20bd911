#!/bin/sh
# Build a hybrid BIOS+UEFI ISO with grub-mkrescue: mkiso.sh OUT.iso KERNEL.elf grub.cfg [MODULE...]
# The image can be written to a USB stick with dd. KEEL_CMDLINE (environment) is appended to the
# kernel command line, KEEL_GFX=1 keeps a framebuffer on BIOS; each MODULE is loaded by GRUB as a Multiboot2 module named after its file.
set -eu
out=$1 kernel=$2 cfg=$3
shift 3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/boot/grub" "$dir/boot/modules"
cp "$kernel" "$dir/boot/keel.elf"
mods=""
for m in "$@"; do
	name=$(basename "$m")
	cp "$m" "$dir/boot/modules/$name"
	mods="$mods	module2 /boot/modules/$name $name\\
"
done
sed -e "s|@KEEL_CMDLINE@|${KEEL_CMDLINE:-}|" -e "s|@KEEL_GFX@|${KEEL_GFX:-0}|" -e "s|@KEEL_MODULES@|$mods|" "$cfg" > "$dir/boot/grub/grub.cfg"
# --mbr-force-bootable (passed through to xorriso) marks the MBR partition active: some BIOSes
# refuse to boot a USB stick without it.
grub-mkrescue -o "$out" "$dir" -- -as mkisofs --mbr-force-bootable >"$out.log" 2>&1 || {
	cat "$out.log" >&2
	exit 1
}
echo "ISO: $out ($(wc -c < "$out") bytes)"
