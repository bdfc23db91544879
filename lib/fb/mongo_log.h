// libmongoc's own log lines, routed through a tool's reporter. The driver warns on stderr about
// things a tool already reports itself (a dropped connection, a server without endSessions, such
// as FerretDB), so only its errors are passed on, named "libmongoc DOMAIN".
// Header-only: libfb does not link libmongoc; the tools that use it do.
#pragma once

#include <mongoc/mongoc.h>

#include <string>

#include "fb/report.h"

namespace fb {

inline void mongoc_errors_to_reporter(mongoc_log_level_t level, const char* domain, const char* message, void* reporter) {
    if (level > MONGOC_LOG_LEVEL_ERROR) return;
    static_cast<Reporter*>(reporter)->error(std::string("libmongoc ") + domain, message);
}

// Call once, after mongoc_init(), with the reporter that outlives every libmongoc call.
inline void route_mongoc_log(Reporter& reporter) { mongoc_log_set_handler(mongoc_errors_to_reporter, &reporter); }

}  // namespace fb
