#pragma once
// The category list (Agrupador): the default compiled in from ../shared/data/README.md's table, or
// one name per line from --categories FILE. The last-resort category is "Outros" when the list
// has it, else the last one.
// Thread-safety: read-only after loading.

#include <string>
#include <string_view>
#include <vector>

#include "fb/status.h"
#include "fb/text.h"

namespace classify {

class Categories {
public:
    static Categories defaults();
    static fb::Result<Categories> from_file(const std::string& path);

    size_t size() const { return names_.size(); }
    const std::string& name(size_t i) const { return names_[i]; }
    const std::vector<std::string>& names() const { return names_; }
    // The index of `name` (exact, or equal after folding case and accents), -1 when not listed.
    int find(std::string_view name) const;
    int fallback() const { return fallback_; }

private:
    void index();
    std::vector<std::string> names_;
    std::vector<std::string> folded_;
    int fallback_ = -1;
};

}  // namespace classify
