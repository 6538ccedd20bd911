#!/bin/sh
# Build the demo FAT image the ISO ships as a GRUB module (make iso: build/fatdemo.img), so the
# shell's mount/ls/cd/cat/stat/tree/find/hexdump work out of the box on QEMU and on a USB stick.
# A 4 MiB FAT16 volume labelled KEELDEMO made by mkfs.fat and filled with mtools: a README,
# nested directories, a long file name, Unicode names, an empty file and a binary file (a byte
# ramp whose CRC-32 and MD5 the README gives). Usage: mkfatdemo.sh OUT.img
set -eu
out=$1
MKFS=$(command -v mkfs.fat || echo /usr/sbin/mkfs.fat)
export MTOOLS_SKIP_CHECK=1 LANG=C.UTF-8 LC_ALL=C.UTF-8
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/docs/guide/deeper/and deeper" "$dir/src" "$dir/Unicode ✓"

# 64 KiB byte ramp: 0x00..0xff repeated
i=0
: > "$dir/ramp.bin"
while [ $i -lt 256 ]; do
	printf "$(printf '\\%03o' $i)" >> "$dir/ramp.one"
	i=$((i + 1))
done
i=0
while [ $i -lt 256 ]; do
	cat "$dir/ramp.one" >> "$dir/ramp.bin"
	i=$((i + 1))
done
rm "$dir/ramp.one"
md5=$(md5sum "$dir/ramp.bin" | cut -d' ' -f1)
crc=$(python3 -c 'import sys, zlib; print("%08x" % zlib.crc32(open(sys.argv[1], "rb").read()))' "$dir/ramp.bin")

cat > "$dir/README.TXT" <<TXT
Keel demo volume
================

This FAT16 image is built by tools/mkfatdemo.sh with mkfs.fat and mtools and loaded by GRUB
as a Multiboot2 module. Keel's FAT reader (io/fat/) mounts it at boot.

Things to try:
  ls -l /              cd docs/guide        tree /
  cat README.TXT       stat ramp.bin        find chapter
  hexdump ramp.bin     md5sum ramp.bin      crc32 ramp.bin

ramp.bin is 65536 bytes: 0x00..0xff repeated 256 times.
  MD5:    $md5
  CRC-32: $crc
TXT
printf 'Chapter one: the boot.\n' > "$dir/docs/guide/chapter1.txt"
printf 'Chapter two: the shell.\n' > "$dir/docs/guide/chapter2.txt"
printf 'You found the bottom of the tree.\n' > "$dir/docs/guide/deeper/and deeper/bottom.txt"
printf 'A file whose name does not fit in 8.3.\n' > "$dir/A long file name for the Keel demo.txt"
printf 'Grüße aus Köln! Привет! こんにちは!\n' > "$dir/Unicode ✓/Grüße — 日本語.txt"
printf 'αβγ\n' > "$dir/Unicode ✓/Ελληνικά.txt"
printf 'int main(void)\n{\n\treturn 0;\n}\n' > "$dir/src/hello.c"
: > "$dir/empty.txt"

rm -f "$out"
"$MKFS" -C -F 16 -s 1 -n KEELDEMO -i 4b45454c "$out" 4096 >/dev/null
mcopy -s -i "$out" "$dir/README.TXT" "$dir/ramp.bin" "$dir/docs" "$dir/src" "$dir/Unicode ✓" \
	"$dir/A long file name for the Keel demo.txt" "$dir/empty.txt" ::/
echo "FAT demo image: $out ($(wc -c < "$out") bytes)"
