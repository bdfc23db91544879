#include "categories.h"

#include <fstream>

#include "fb/json_text.h"

namespace classify {

Categories Categories::defaults() {
    Categories c;
    c.names_ = {"Aplicativo", "Atendimento", "Agência e Caixas", "Cartão", "Pix e Transferências",
                "Tarifas e Cobranças", "Empréstimos e Financiamentos", "Conta", "Segurança e Fraude",
                "Investimentos", "Outros"};
    c.index();
    return c;
}

fb::Result<Categories> Categories::from_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) return fb::Status::NoInput(path + ": cannot open the category list");
    Categories c;
    std::string line;
    size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
        size_t b = line.find_first_not_of(" \t");
        if (b == std::string::npos || line[b] == '#') continue;
        line.erase(0, b);
        if (!fb::json::valid_utf8(line))
            return fb::Status::Config(path + ":" + std::to_string(number) + ": not valid UTF-8");
        for (const auto& n : c.names_)
            if (n == line) return fb::Status::Config(path + ":" + std::to_string(number) + ": '" + line + "' listed twice");
        c.names_.push_back(line);
    }
    if (c.names_.empty()) return fb::Status::Config(path + ": no categories in the file");
    c.index();
    return c;
}

void Categories::index() {
    fb::TextFolder folder;
    folded_.clear();
    for (const auto& n : names_) folded_.push_back(folder.fold(n));
    fallback_ = static_cast<int>(names_.size()) - 1;
    for (size_t i = 0; i < names_.size(); ++i)
        if (folded_[i] == "outros") fallback_ = static_cast<int>(i);
}

int Categories::find(std::string_view name) const {
    for (size_t i = 0; i < names_.size(); ++i)
        if (names_[i] == name) return static_cast<int>(i);
    fb::TextFolder folder;
    std::string f = folder.fold(name);
    while (!f.empty() && f.back() == ' ') f.pop_back();
    while (!f.empty() && f.front() == ' ') f.erase(0, 1);
    for (size_t i = 0; i < names_.size(); ++i)
        if (folded_[i] == f) return static_cast<int>(i);
    return -1;
}

}  // namespace classify
