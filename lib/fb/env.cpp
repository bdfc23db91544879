#include "fb/env.h"

#include <cstdlib>

namespace fb {

std::optional<std::string> env(const char* name) {
    const char* v = std::getenv(name);
    if (!v || !*v) return std::nullopt;
    return std::string(v);
}

std::string mask_uri(std::string_view uri) {
    size_t scheme = uri.find("://");
    size_t start = scheme == std::string_view::npos ? 0 : scheme + 3;
    size_t at = uri.find('@', start);
    size_t slash = uri.find('/', start);
    if (at == std::string_view::npos || (slash != std::string_view::npos && slash < at)) {
        // Also mask key=value passwords in libpq keyword strings.
        std::string out(uri);
        size_t p = out.find("password=");
        if (p != std::string::npos) {
            size_t end = out.find_first_of(" &", p);
            out.replace(p + 9, (end == std::string::npos ? out.size() : end) - (p + 9), "****");
        }
        return out;
    }
    size_t colon = uri.find(':', start);
    if (colon == std::string_view::npos || colon > at) return std::string(uri);
    std::string out(uri.substr(0, colon + 1));
    out += "****";
    out += uri.substr(at);
    return out;
}

}  // namespace fb
