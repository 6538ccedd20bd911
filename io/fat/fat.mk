# io/fat/: the FAT12/16/32 reader (plain freestanding C, kernel and host), its host tests over
# images built by mkfs.fat and mtools, fuzz target, benchmark and the ISO's demo image.

FAT_SRCS := io/fat/fat_mount.c io/fat/fat_part.c io/fat/fat_table.c io/fat/fat_name.c \
	io/fat/fat_dir.c io/fat/fat_path.c io/fat/fat_file.c
MODULE_SRCS += $(FAT_SRCS)
