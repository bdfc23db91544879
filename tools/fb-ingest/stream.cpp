// Stream mode of fb-ingest: NDJSON lines or CSV rows in, normalised NDJSON out.

#include <simdjson.h>

#include <vector>

#include "fb/csv.h"
#include "fb/json_text.h"
#include "fb/signals.h"
#include "fb/text.h"
#include "ingest.h"

namespace ingest {

namespace {

bool is_csv(const Options& opt, const std::string& path) {
    if (opt.format == "csv") return true;
    if (opt.format == "ndjson") return false;
    return path.size() > 4 && path.compare(path.size() - 4, 4, ".csv") == 0;
}

// One record through the normaliser: write it, reject it, or count it as a duplicate.
class Pipeline {
public:
    Pipeline(const fb::RecordRules& rules, fb::ToolRun& run, bool dedupe)
        : norm_(rules), run_(run), dedupe_(dedupe) {}

    void take(std::string_view text, const std::string& source, uint64_t line, std::string_view original) {
        out_.clear();
        switch (norm_.normalize(text, out_)) {
        case fb::FeedbackNormalizer::Outcome::ok:
            if (!dedupe_.first_time(norm_.invoice_no())) {
                ++run_.stats.filtered;
                run_.stats.add("duplicates");
                return;
            }
            run_.out.line(out_);
            ++run_.stats.written;
            return;
        case fb::FeedbackNormalizer::Outcome::invalid_json:
            run_.stats.add("invalid_json");
            break;
        case fb::FeedbackNormalizer::Outcome::invalid_record:
            run_.stats.add("invalid_record");
            break;
        }
        run_.reject(source, line, norm_.error_summary(), original);
    }

private:
    fb::FeedbackNormalizer norm_;
    fb::ToolRun& run_;
    Deduper dedupe_;
    std::string out_;
};

// CSV rows become JSON objects of strings (empty cells left out), then take the NDJSON path.
fb::Status run_csv(const Options& opt, const std::string& path, Pipeline& pipe, fb::ToolRun& run) {
    fb::LineReader lines;
    if (fb::Status s = lines.open(path, opt.common.max_line_bytes); !s.ok()) return s;
    lines.on_idle([&run] { run.flush_idle(); });
    fb::CsvReader csv(lines, opt.csv_sep);
    std::vector<std::string_view> fields;
    std::string error, json;
    std::string_view raw;
    uint64_t line = 0;
    if (!csv.next(fields, line, error, raw)) return lines.status();
    if (!error.empty()) return fb::Status::Data(lines.name() + ":" + std::to_string(line) + ": bad CSV header: " + error);
    std::vector<std::string> header;
    for (std::string_view h : fields) header.emplace_back(fb::trim_blanks(h));
    while (csv.next(fields, line, error, raw)) {
        ++run.stats.read;
        if (error.empty() && fields.size() != header.size())
            error = "expected " + std::to_string(header.size()) + " fields as in the header, got " + std::to_string(fields.size());
        if (!error.empty()) {
            run.stats.add("invalid_csv");
            run.reject(lines.name(), line, "CSV: " + error, raw);
        } else {
            json.clear();
            json += '{';
            for (size_t i = 0; i < header.size(); ++i) {
                if (fields[i].empty()) continue;
                if (json.size() > 1) json += ',';
                fb::json::append_string(json, header[i]);
                json += ':';
                fb::json::append_string(json, fields[i]);
            }
            json += '}';
            size_t n = json.size();
            json.append(simdjson::SIMDJSON_PADDING, ' ');
            pipe.take(std::string_view(json.data(), n), lines.name(), line, raw);
        }
        run.reporter.tick(run.stats.read);
        if (run.out.closed() || fb::pending_signal()) break;
    }
    return lines.status();
}

}  // namespace

fb::Status run_stream(const Options& opt, const fb::RecordRules& rules, fb::ToolRun& run) {
    Pipeline pipe(rules, run, opt.dedupe);
    std::vector<std::string> inputs = opt.common.inputs.empty() ? std::vector<std::string>{"-"} : opt.common.inputs;
    for (const auto& path : inputs) {
        fb::Status s;
        if (is_csv(opt, path)) {
            s = run_csv(opt, path, pipe, run);
        } else {
            s = run.for_each_line({path}, [&](const fb::Line& line, const std::string& source) {
                pipe.take(line.text, source, line.number, line.text);
                return true;
            });
        }
        if (!s.ok()) return s;
        if (run.out.closed() || fb::pending_signal()) break;
    }
    return fb::Status::Ok();
}

}  // namespace ingest
