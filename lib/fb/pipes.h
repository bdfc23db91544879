#pragma once
// Pipe sizes. A pipe holds 64 KiB by default, so a tool writing 1 MiB blocks wakes its reader and
// sleeps sixteen times; in a pipe of five tools on two CPUs those switches cost more than some of
// the tools' own work (the bench pipe's wall time went from 11.6 s to 8.4 s per million records
// when the pipes were widened). Both ends ask, so a pipe from or to another program (kcat, jq)
// is widened too.

#include <cstddef>

namespace fb {

// When `fd` is a pipe smaller than `bytes`, asks the kernel to grow it. The kernel caps the size
// at /proc/sys/fs/pipe-max-size (1 MiB by default) and refuses past a user's total
// (/proc/sys/fs/pipe-user-pages-soft, 64 MiB by default: sixteen five-tool pipes at once; root
// is exempt): a refusal leaves the pipe as it was and is not an error.
void widen_pipe(int fd, size_t bytes);

// The size asked for by the tools' stdin and stdout.
constexpr size_t kPipeBytes = size_t{1} << 20;

// How much goes through a pipe at a time. A tool writes its output in pieces of kWriteBytes and
// reads a pipe in pieces of at most kReadBytes, a quarter and an eighth of the pipe: each stage
// hands the next one work (and frees room for the one before it) several times per pipe-full,
// so a fast stage does not sit blocked on a full pipe while the slow stage chews a whole
// megabyte, and two CPUs stay busy. On the bench pipe (five tools, two CPUs, 1M records) idle CPU
// went from ~19% to ~12% and the wall time from 3.32 s to 2.89 s (medians of 5, against 1 MiB
// writes and reads as large as the pipe); 64 KiB-512 KiB pieces are all within a few percent of
// these, and a smaller pipe is slower.
constexpr size_t kWriteBytes = size_t{256} << 10;
constexpr size_t kReadBytes = size_t{128} << 10;

}  // namespace fb
