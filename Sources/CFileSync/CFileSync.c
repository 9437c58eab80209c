#define _GNU_SOURCE
#include <fcntl.h>
#include "CFileSync.h"

static const long long window = 8LL << 20;

long long medallion_pace_writeback(int fd, long long started, long long written) {
#ifdef __linux__
    if (written - started < window) return started;
    (void)sync_file_range(fd, (off_t)started, (off_t)(written - started), SYNC_FILE_RANGE_WRITE);
    return written;
#else
    (void)fd; (void)written;
    return started;
#endif
}
