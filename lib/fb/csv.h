#pragma once
// CSV as RFC 4180 writes it (quoted fields, doubled quotes, line breaks inside quotes), read record
// by record over a LineReader, with the separator guessed from the header (',' or ';', as pt-BR
// spreadsheets export) unless given. Used for customer/branch tables and CSV feedback input.
// Small enough to own: a library would add a dependency for forty lines.
// Thread-safety: one reader per thread.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fb/line_reader.h"

namespace fb {

class CsvReader {
public:
    // sep 0 = guess from the first record.
    explicit CsvReader(LineReader& lines, char sep = 0) : lines_(lines), sep_(sep) {}

    // Next record's fields. Returns false at the end of input. A malformed record (a quote left
    // open at the end of input, text after a closing quote) returns true with `error` set.
    // `line` is the record's first physical line; `raw` its original text. The views in `fields`
    // and `raw` stay valid until the next call.
    bool next(std::vector<std::string_view>& fields, uint64_t& line, std::string& error, std::string_view& raw);
    char separator() const { return sep_; }

private:
    LineReader& lines_;
    char sep_;
    std::string record_;    // a record that spans lines, joined
    std::string unquoted_;  // the text of quoted fields, unescaped
};

// Splits one complete record text (possibly spanning lines) into fields: views into `text`, or
// into `unquoted` for quoted fields (cleared and reused). Returns false with a reason when
// malformed.
bool split_csv_record(std::string_view text, char sep, std::vector<std::string_view>& fields, std::string& unquoted,
                      std::string& error);

// Writes one field, quoting it when needed.
void append_csv_field(std::string& out, std::string_view field, char sep = ',');

}  // namespace fb
