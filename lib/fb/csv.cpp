#include "fb/csv.h"

#include <algorithm>

namespace fb {

namespace {
// True when the text so far leaves a quoted field open (odd number of quotes).
bool quote_open(std::string_view s) { return std::count(s.begin(), s.end(), '"') % 2 == 1; }
}  // namespace

bool split_csv_record(std::string_view text, char sep, std::vector<std::string>& fields, std::string& error) {
    fields.clear();
    std::string cur;
    size_t i = 0, n = text.size();
    for (;;) {
        cur.clear();
        if (i < n && text[i] == '"') {
            ++i;
            for (;;) {
                if (i >= n) {
                    error = "unclosed quoted field";
                    return false;
                }
                char c = text[i++];
                if (c == '"') {
                    if (i < n && text[i] == '"') {
                        cur += '"';
                        ++i;
                    } else {
                        break;
                    }
                } else {
                    cur += c;
                }
            }
            if (i < n && text[i] != sep) {
                error = "text after a closing quote at column " + std::to_string(i + 1);
                return false;
            }
        } else {
            size_t end = text.find(sep, i);
            if (end == std::string_view::npos) end = n;
            cur.assign(text.substr(i, end - i));
            i = end;
        }
        fields.push_back(cur);
        if (i >= n) return true;
        ++i;  // separator
        if (i == n) {
            fields.emplace_back();
            return true;
        }
    }
}

bool CsvReader::next(std::vector<std::string>& fields, uint64_t& line, std::string& error, std::string& raw) {
    error.clear();
    Line l;
    do {
        if (!lines_.next(l)) return false;
    } while (l.blank() && !l.too_long);
    line = l.number;
    if (l.too_long) {
        raw.assign(l.text);
        error = "line longer than the maximum";
        return true;
    }
    raw.assign(l.text);
    while (quote_open(raw)) {
        if (!lines_.next(l)) {
            error = "unclosed quoted field at the end of input";
            return true;
        }
        raw += '\n';
        raw.append(l.text);
    }
    if (sep_ == 0) {
        size_t commas = std::count(raw.begin(), raw.end(), ',');
        size_t semis = std::count(raw.begin(), raw.end(), ';');
        sep_ = semis > commas ? ';' : ',';
    }
    if (!split_csv_record(raw, sep_, fields, error)) return true;
    return true;
}

void append_csv_field(std::string& out, std::string_view field, char sep) {
    bool quote = field.find_first_of(std::string{'"', '\n', '\r', sep}) != std::string_view::npos;
    if (!quote) {
        out.append(field);
        return;
    }
    out += '"';
    for (char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

}  // namespace fb
