#ifndef CFILESYNC_H
#define CFILESYNC_H

/// Paces write-back of a file being streamed to disk: once `written` bytes are at least
/// 8 MiB past `started` (where write-back was last started), starts writing
/// `[started, written)` back without waiting (Linux sync_file_range, SYNC_FILE_RANGE_WRITE)
/// and returns `written`; otherwise returns `started`. The final fsync then finds most of a
/// large file already on disk instead of waiting for all of it. Errors are ignored: the
/// fsync that follows reports any. Elsewhere than Linux, returns `started`.
long long medallion_pace_writeback(int fd, long long started, long long written);

#endif
