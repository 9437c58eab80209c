#ifndef CCSVSCAN_H
#define CCSVSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/// The CSV reader's fast path for the common record: fields separated by `delimiter`, each
/// either unquoted (a quote inside is literal text) or quoted with no doubled quote and no line
/// break inside, the record ending at LF or CRLF, within `max_record_bytes`, not blank, and
/// with at most `capacity` fields. Bytes are examined 64 at a time as bit masks of delimiters,
/// quotes and line ends, so a field costs a few instructions instead of a branch per byte.
///
/// Reads `base[start..<available]`, and only whole 64-byte blocks of it from `start` on.
/// On success returns the number of fields, stores field i at `base[starts[i]..<ends[i]]`
/// (`nulls[i]` for an unquoted empty field), the offset just past the line end in `*next`,
/// and in `*ascii` whether every byte examined was below 0x80 (false may be spurious).
/// Returns 0 for any other record, or one that may run past the last whole block, leaving
/// the caller's general parser to read it: the fast path never decides anything that parser
/// would decide differently.
///
/// `delimiter` and `quote` must differ from each other and from CR and LF.
int medallion_csv_simple_record(const uint8_t *base, size_t start, size_t available,
                                uint8_t delimiter, uint8_t quote, size_t max_record_bytes,
                                long *starts, long *ends, bool *nulls, int capacity,
                                size_t *next, bool *ascii);

#endif
