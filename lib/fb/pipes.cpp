#include "fb/pipes.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>

namespace fb {

void widen_pipe(int fd, size_t bytes) {
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISFIFO(st.st_mode)) return;
    int current = ::fcntl(fd, F_GETPIPE_SZ);
    if (current < 0 || static_cast<size_t>(current) >= bytes) return;
    ::fcntl(fd, F_SETPIPE_SZ, static_cast<int>(std::min(bytes, kPipeBytes)));
}

}  // namespace fb
