/*
 * MD5 (RFC 1321) for the shell's md5sum: md5_init, md5_update over pieces, md5_final. Plain C
 * (no kernel dependencies, no floating point), host-tested against the RFC's test suite.
 */
#ifndef KEEL_MD5_H
#define KEEL_MD5_H

#include <stddef.h>
#include <stdint.h>

struct md5_ctx {
	uint32_t state[4];
	uint64_t bytes;      /* message length so far */
	uint8_t block[64];   /* pending bytes (bytes % 64 of them) */
};

void md5_init(struct md5_ctx *c);
void md5_update(struct md5_ctx *c, const void *data, size_t n);
void md5_final(struct md5_ctx *c, uint8_t digest[16]);

#endif /* KEEL_MD5_H */
