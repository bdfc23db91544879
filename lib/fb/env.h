#pragma once
// Configuration from the environment (DESIGN §4: flags > environment > defaults) and keeping
// secrets out of messages: every URI a tool prints goes through mask_uri.

#include <optional>
#include <string>
#include <string_view>

namespace fb {

// A non-empty environment variable, or nullopt.
std::optional<std::string> env(const char* name);

// "postgresql://user:secret@host/db" -> "postgresql://user:****@host/db".
std::string mask_uri(std::string_view uri);

}  // namespace fb
