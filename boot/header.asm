; Multiboot headers. Multiboot2 (GRUB's `multiboot2` command) loads the ELF by its physical
; addresses; the Multiboot1 header uses the a.out kludge (explicit load addresses) because QEMU's
; `-kernel` refuses ELF64 files otherwise. Both must sit in the first 8 KiB of the file, 8-byte
; (MB2) and 4-byte (MB1) aligned: the .multiboot section is first in the image.
; The PVH ELF note (XEN_ELFNOTE_PHYS32_ENTRY) names the 32-bit PVH entry for PVH loaders
; (Firecracker, Cloud Hypervisor, Xen, QEMU). QEMU tries Multiboot1 before PVH, so the build also
; assembles this file with KEEL_NO_MB1 for build/keel-pvh.elf: the same kernel, no MB1 header.

extern _start32
extern _start_pvh
extern __load_end_phys
extern __bss_end_phys
extern __kernel_phys_start

MB1_MAGIC       equ 0x1BADB002
MB1_PAGE_ALIGN  equ 1 << 0
MB1_MEMINFO     equ 1 << 1
MB1_AOUT_KLUDGE equ 1 << 16
MB1_FLAGS       equ MB1_PAGE_ALIGN | MB1_MEMINFO | MB1_AOUT_KLUDGE

MB2_MAGIC       equ 0xE85250D6
MB2_ARCH_I386   equ 0

section .multiboot progbits alloc noexec nowrite align=8

mb2_header:
	dd MB2_MAGIC
	dd MB2_ARCH_I386
	dd mb2_header_end - mb2_header
	dd -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	; Framebuffer tag, optional (flags bit 0): no preference for the mode. On BIOS grub.cfg keeps
	; text mode (gfxpayload=text); on UEFI GRUB hands over the GOP framebuffer.
	align 8
	dw 5, 1
	dd 20
	dd 0, 0, 0
	; Module alignment tag: modules start on page boundaries (ramdisks map cleanly).
	align 8
	dw 6, 0
	dd 8
	; End tag.
	align 8
	dw 0, 0
	dd 8
mb2_header_end:

%ifndef KEEL_NO_MB1
	align 4
mb1_header:
	dd MB1_MAGIC
	dd MB1_FLAGS
	dd -(MB1_MAGIC + MB1_FLAGS)
	dd mb1_header                   ; header_addr (this section runs at its physical address)
	dd __kernel_phys_start          ; load_addr
	dd __load_end_phys              ; load_end_addr
	dd __bss_end_phys               ; bss_end_addr
	dd _start32                     ; entry_addr
%endif

XEN_ELFNOTE_PHYS32_ENTRY equ 18

section .note.Xen note alloc noexec nowrite align=4
	dd 4                            ; name size ("Xen\0")
	dd 4                            ; descriptor size
	dd XEN_ELFNOTE_PHYS32_ENTRY
	db "Xen", 0
	dd _start_pvh                   ; 32-bit physical entry address
