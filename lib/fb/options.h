#pragma once
// The options every tool shares (DESIGN §4), as plain data: kept apart from the CLI11 parser
// (cli.h) so library code can read them without compiling CLI11.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace fb {

struct CommonOptions {
    std::vector<std::string> inputs;  // -i/--input and positional FILEs; empty means stdin
    std::string output = "-";
    std::string rejects;              // empty: report rejections on stderr
    std::string stats;                // empty: none; "-": stderr
    int progress = -1;                // -1 auto (stderr is a terminal), 0 off, 1 on
    bool quiet = false;
    uint64_t max_rejects = 0;         // rejections allowed before the exit status says 65
    size_t max_line_bytes = 1 << 20;
};

struct CommonFlags {
    bool inputs = true;       // -i/--input and positional files
    bool output = true;
    bool rejects = true;
    bool max_line = true;
};

}  // namespace fb
