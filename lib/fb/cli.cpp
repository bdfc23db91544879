#include "fb/cli.h"

#include <cstdio>

#include "fb/version.h"

namespace fb {

void add_common_options(CLI::App& app, CommonOptions& o, CommonFlags which) {
    if (which.inputs) {
        app.add_option("-i,--input,files", o.inputs, "Input file(s); '-' or none reads stdin")->type_name("FILE");
    }
    if (which.output) app.add_option("-o,--output", o.output, "Write records to FILE instead of stdout")->type_name("FILE");
    if (which.rejects)
        app.add_option("--rejects", o.rejects, "Write rejected records as NDJSON to FILE (default: messages on stderr)")
            ->type_name("FILE");
    app.add_option("--stats", o.stats, "Write a JSON object of counters at exit to FILE ('-' = stderr)")->type_name("FILE");
    if (which.rejects)
        app.add_option("--max-rejects", o.max_rejects, "Exit 0 anyway when at most N records were rejected")
            ->type_name("N");
    if (which.max_line)
        app.add_option("--max-line-bytes", o.max_line_bytes, "Reject input lines longer than N bytes")
            ->type_name("N")
            ->capture_default_str();
    app.add_flag_callback("--progress", [&o] { o.progress = 1; }, "Show progress on stderr even when it is not a terminal");
    app.add_flag_callback("--no-progress", [&o] { o.progress = 0; }, "Never show progress");
    app.add_flag("-q,--quiet", o.quiet, "Only errors on stderr");
    app.set_version_flag("--version", std::string(app.get_name()) + " (fbkit) " FBKIT_VERSION);
}

void set_help(CLI::App& app, const std::string& footer) {
    app.footer(footer);
    app.get_formatter()->column_width(34);
}

std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv) {
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::fputs(app.help().c_str(), stdout);
        return 0;
    } catch (const CLI::CallForAllHelp&) {
        std::fputs(app.help("", CLI::AppFormatMode::All).c_str(), stdout);
        return 0;
    } catch (const CLI::CallForVersion&) {
        std::printf("%s\n", app.version().c_str());
        return 0;
    } catch (const CLI::ParseError& e) {
        std::fprintf(stderr, "%s: %s\n%s: try '%s --help'\n", app.get_name().c_str(), e.what(), app.get_name().c_str(),
                     app.get_name().c_str());
        return 64;
    }
    return std::nullopt;
}

}  // namespace fb
