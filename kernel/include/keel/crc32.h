/*
 * CRC-32 (IEEE 802.3, the zlib/PNG polynomial): crc32_update(0, data, n) over a whole buffer, or
 * chained over pieces. Plain C, host-tested against known vectors.
 */
#ifndef KEEL_CRC32_H
#define KEEL_CRC32_H

#include <stddef.h>
#include <stdint.h>

uint32_t crc32_update(uint32_t crc, const void *data, size_t n);

#endif /* KEEL_CRC32_H */
