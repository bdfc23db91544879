#pragma once
// The data files under tools/fb-classify/data/, compiled into the binary (fbkit_embed generates
// the definitions: cmake/embed.cmake) so the default backend needs no file at run time.

#include <string_view>

namespace classify::embedded {
extern const std::string_view lexicon, negators, boosters, contrast, topics, criticality;
}
