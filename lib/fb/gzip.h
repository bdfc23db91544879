#pragma once
// gzip compression of request bodies (HTTP `Content-Encoding: gzip`) with zlib: libcurl
// decompresses answers by itself but never compresses what it sends.
// Thread-safety: free function.

#include <string>
#include <string_view>

namespace fb {

// Appends the gzip form of `data` to `out`. `level` is zlib's 1 (fast) .. 9 (small).
void gzip(std::string_view data, std::string& out, int level = 1);

}  // namespace fb
