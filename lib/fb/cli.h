#pragma once
// Command-line conventions shared by every tool (DESIGN §4): the common flags declared once so
// they read the same everywhere, parsing with messages in house style and exit 64 on misuse,
// the help layout.
// CLI11 is heavy to compile: include this header only from a tool's main.cpp.

#include <CLI/CLI.hpp>

#include "fb/env.h"
#include "fb/options.h"
#include "fb/signals.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fb {

// Declares -i/--input, -o/--output, --rejects, --stats, --max-rejects, --max-line-bytes,
// --progress/--no-progress, -q/--quiet and --version on `app`.
void add_common_options(CLI::App& app, CommonOptions& o, CommonFlags which = {});

// Parses the command line. Returns an exit code when the tool should stop now (--help and
// --version: 0; misuse: 64 with `fb-TOOL: message` and a hint), or nothing to go on.
std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv);

// Help text layout shared by the tools: description, usage, options, then `footer` (examples).
void set_help(CLI::App& app, const std::string& footer);

}  // namespace fb
