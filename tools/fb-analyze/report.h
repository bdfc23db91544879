#pragma once
// fb-analyze's report: the JSON document (docs/analyze-report.md) built from a Tally, and the
// formats derived from it: aligned text tables for a terminal, the self-contained HTML page (the
// document inside tools/fb-analyze/report.html), and NDJSON documents for Elasticsearch/Kibana,
// one per result row with an "analysis" field.
// Thread-safety: pure functions.

#include <string>

#include "fb/status.h"
#include "notebook.h"
#include "tally.h"

namespace analyze {

struct ReportOptions {
    NotebookOptions notebook;
    size_t top_descriptions = 5, top_words = 20;
};

std::string build_report(const Tally& t, int64_t read, const ReportOptions& o);

// Renders the JSON document as text tables (one per analysis) into `out`.
fb::Status render_text(const std::string& report, std::string& out);
// The HTML page with the document embedded.
std::string render_html(const std::string& report);
// One NDJSON line per result row: {"analysis":"analyses.top_words","report_time":..., <row>}.
fb::Status render_es_docs(const std::string& report, const std::string& report_time, std::string& out);

}  // namespace analyze
