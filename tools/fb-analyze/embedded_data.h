#pragma once
// Files compiled into fb-analyze (fbkit_embed, cmake/embed.cmake): the Portuguese stop-word list
// (data/stopwords-pt.txt) and the HTML report template (report.html).

#include <string_view>

namespace analyze::embedded {
extern const std::string_view stopwords_pt, report_html;
}
