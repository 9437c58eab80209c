#include "CCSVScan.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// One 64-byte block as bit masks: bit i is byte i of the block.
typedef struct {
    uint64_t delimiter, quote, lf, cr, high;
} block_masks;

static inline block_masks load_block(const uint8_t *p, uint8_t delimiter, uint8_t quote) {
    block_masks m = {0, 0, 0, 0, 0};
#if defined(__SSE2__)
    const __m128i vd = _mm_set1_epi8((char)delimiter), vq = _mm_set1_epi8((char)quote);
    const __m128i vl = _mm_set1_epi8('\n'), vc = _mm_set1_epi8('\r');
    for (int i = 0; i < 4; i++) {
        const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i));
        const int shift = 16 * i;
        m.delimiter |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, vd)) << shift;
        m.quote |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, vq)) << shift;
        m.lf |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, vl)) << shift;
        m.cr |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, vc)) << shift;
        m.high |= (uint64_t)(uint16_t)_mm_movemask_epi8(x) << shift;
    }
#else
    for (int i = 0; i < 64; i++) {
        const uint8_t b = p[i];
        const uint64_t bit = 1ULL << i;
        if (b == delimiter) m.delimiter |= bit;
        if (b == quote) m.quote |= bit;
        if (b == '\n') m.lf |= bit;
        if (b == '\r') m.cr |= bit;
        if (b & 0x80) m.high |= bit;
    }
#endif
    return m;
}

/// Blocks loaded so far: they follow each other from the record's start.
typedef struct {
    const uint8_t *base;
    size_t available;
    size_t block;  // offset of the current block
    block_masks masks;
    uint64_t high; // every loaded block's high bits
    uint8_t delimiter, quote;
} cursor;

/// The offset of the first delimiter or line-end byte at or after `from` (with `quoted`: the
/// first quote or line-end byte), or SIZE_MAX when that would need a block past `available`.
static inline size_t next_structural(cursor *c, size_t from, bool quoted) {
    for (;;) {
        while (from >= c->block + 64) {
            if (c->block + 128 > c->available) return SIZE_MAX;
            c->block += 64;
            c->masks = load_block(c->base + c->block, c->delimiter, c->quote);
            c->high |= c->masks.high;
        }
        uint64_t found = (quoted ? c->masks.quote : c->masks.delimiter) | c->masks.lf | c->masks.cr;
        found &= ~0ULL << (from - c->block);
        if (found) return c->block + (size_t)__builtin_ctzll(found);
        from = c->block + 64;
    }
}

int medallion_csv_simple_record(const uint8_t *base, size_t start, size_t available,
                                uint8_t delimiter, uint8_t quote, size_t max_record_bytes,
                                long *starts, long *ends, bool *nulls, int capacity,
                                size_t *next, bool *ascii) {
    if (start + 64 > available || capacity <= 0) return 0;
    cursor c = {base, available, start, load_block(base + start, delimiter, quote), 0, delimiter, quote};
    c.high = c.masks.high;
    size_t field = start;
    size_t line_end;  // offset of the CR or LF that ends the record
    int n = 0;
    for (;;) {
        if (n == capacity || field >= available) return 0;
        if (base[field] == quote) {
            const size_t closing = next_structural(&c, field + 1, true);
            // A line break inside quotes (lines are counted by the general parser) or no end in sight.
            if (closing == SIZE_MAX || base[closing] != quote || closing + 1 >= available) return 0;
            const uint8_t after = base[closing + 1];
            starts[n] = (long)(field + 1);
            ends[n] = (long)closing;
            nulls[n] = false;
            n++;
            if (after == delimiter) {
                field = closing + 2;
                continue;
            }
            line_end = closing + 1;
            if (after == '\n') {
                *next = closing + 2;
                break;
            }
            if (after == '\r' && closing + 2 < available && base[closing + 2] == '\n') {
                *next = closing + 3;
                break;
            }
            // A doubled quote, text after the closing quote, or a bare CR.
            return 0;
        }
        const size_t end = next_structural(&c, field, false);
        if (end == SIZE_MAX) return 0;
        const uint8_t byte = base[end];
        starts[n] = (long)field;
        ends[n] = (long)end;
        nulls[n] = end == field;
        n++;
        if (byte == delimiter) {
            field = end + 1;
            continue;
        }
        // A blank line is no record.
        if (n == 1 && end == field) return 0;
        line_end = end;
        if (byte == '\n') {
            *next = end + 1;
            break;
        }
        if (end + 1 < available && base[end + 1] == '\n') {
            *next = end + 2;
            break;
        }
        return 0;
    }
    if (line_end - start > max_record_bytes) return 0;
    *ascii = c.high == 0;
    return n;
}
