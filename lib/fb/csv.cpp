#include "fb/csv.h"

#include <algorithm>

namespace fb {

namespace {
// True when the text so far leaves a quoted field open (odd number of quotes).
bool quote_open(std::string_view s) { return std::count(s.begin(), s.end(), '"') % 2 == 1; }
}  // namespace

bool split_csv_record(std::string_view text, char sep, std::vector<std::string_view>& fields, std::string& unquoted,
                      std::string& error) {
    fields.clear();
    unquoted.clear();
    unquoted.reserve(text.size());  // unescaped text is never longer, so the views below stay valid
    size_t i = 0, n = text.size();
    for (;;) {
        if (i < n && text[i] == '"') {
            ++i;
            size_t begin = unquoted.size();
            for (;;) {
                if (i >= n) {
                    error = "unclosed quoted field";
                    return false;
                }
                size_t quote = text.find('"', i);
                if (quote == std::string_view::npos) quote = n;
                unquoted.append(text.substr(i, quote - i));
                i = quote;
                if (i >= n) continue;
                ++i;
                if (i < n && text[i] == '"') {  // a doubled quote is one quote
                    unquoted += '"';
                    ++i;
                } else {
                    break;
                }
            }
            if (i < n && text[i] != sep) {
                error = "text after a closing quote at column " + std::to_string(i + 1);
                return false;
            }
            fields.emplace_back(unquoted.data() + begin, unquoted.size() - begin);
        } else {
            size_t end = text.find(sep, i);
            if (end == std::string_view::npos) end = n;
            fields.push_back(text.substr(i, end - i));
            i = end;
        }
        if (i >= n) return true;
        ++i;  // separator
        if (i == n) {
            fields.emplace_back();
            return true;
        }
    }
}

bool CsvReader::next(std::vector<std::string_view>& fields, uint64_t& line, std::string& error, std::string_view& raw) {
    error.clear();
    Line l;
    do {
        if (!lines_.next(l)) return false;
    } while (l.blank() && !l.too_long);
    line = l.number;
    raw = l.text;
    if (l.too_long) {
        fields.clear();
        error = "line longer than the maximum";
        return true;
    }
    if (quote_open(raw)) {  // a quoted line break: join the following lines
        record_.assign(l.text);
        while (quote_open(record_)) {
            if (!lines_.next(l)) {
                raw = record_;
                fields.clear();
                error = "unclosed quoted field at the end of input";
                return true;
            }
            record_ += '\n';
            record_.append(l.text);
        }
        raw = record_;
    }
    if (sep_ == 0) {
        size_t commas = std::count(raw.begin(), raw.end(), ',');
        size_t semis = std::count(raw.begin(), raw.end(), ';');
        sep_ = semis > commas ? ';' : ',';
    }
    split_csv_record(raw, sep_, fields, unquoted_, error);
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
