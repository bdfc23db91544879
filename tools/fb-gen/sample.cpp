#include "sample.h"

#include <sys/stat.h>

#include <cstdio>
#include <span>
#include <string_view>

#include "fb/csv.h"
#include "fb/rng.h"

namespace fbgen {

namespace {

struct City {
    std::string_view name, state;
    double lat, lon;
    double weight;  // rough share of customers
};

// State capitals and large cities with their coordinates (public geographic facts).
constexpr City kCities[] = {
    {"São Paulo", "SP", -23.5505, -46.6333, 12}, {"Rio de Janeiro", "RJ", -22.9068, -43.1729, 7},
    {"Belo Horizonte", "MG", -19.9167, -43.9345, 4}, {"Brasília", "DF", -15.7939, -47.8828, 4},
    {"Salvador", "BA", -12.9777, -38.5016, 3.5}, {"Fortaleza", "CE", -3.7319, -38.5267, 3.5},
    {"Recife", "PE", -8.0476, -34.8770, 3}, {"Porto Alegre", "RS", -30.0346, -51.2177, 3},
    {"Curitiba", "PR", -25.4284, -49.2733, 3}, {"Manaus", "AM", -3.1190, -60.0217, 2.5},
    {"Belém", "PA", -1.4558, -48.4902, 2}, {"Goiânia", "GO", -16.6869, -49.2648, 2},
    {"São Luís", "MA", -2.5307, -44.3068, 1.5}, {"Maceió", "AL", -9.6658, -35.7350, 1.2},
    {"Natal", "RN", -5.7945, -35.2110, 1.2}, {"Teresina", "PI", -5.0920, -42.8038, 1.1},
    {"João Pessoa", "PB", -7.1195, -34.8450, 1.1}, {"Aracaju", "SE", -10.9472, -37.0731, 0.9},
    {"Campo Grande", "MS", -20.4697, -54.6201, 1.2}, {"Cuiabá", "MT", -15.6014, -56.0979, 0.9},
    {"Florianópolis", "SC", -27.5954, -48.5480, 0.8}, {"Vitória", "ES", -20.3155, -40.3128, 0.6},
    {"Porto Velho", "RO", -8.7612, -63.9004, 0.6}, {"Macapá", "AP", 0.0349, -51.0694, 0.4},
    {"Boa Vista", "RR", 2.8235, -60.6758, 0.4}, {"Rio Branco", "AC", -9.9747, -67.8076, 0.4},
    {"Palmas", "TO", -10.1689, -48.3317, 0.4}, {"Campinas", "SP", -22.9099, -47.0626, 1.5},
    {"Santos", "SP", -23.9608, -46.3336, 0.6}, {"Ribeirão Preto", "SP", -21.1775, -47.8103, 0.9},
    {"Uberlândia", "MG", -18.9186, -48.2772, 0.9}, {"Joinville", "SC", -26.3045, -48.8487, 0.8},
    {"Londrina", "PR", -23.3045, -51.1696, 0.7}, {"Niterói", "RJ", -22.8832, -43.1034, 0.7},
};

constexpr std::string_view kFirstNames[] = {
    "Ana", "Maria", "Juliana", "Fernanda", "Patrícia", "Camila", "Beatriz", "Larissa", "Aline", "Mariana",
    "Gabriela", "Letícia", "Renata", "Vanessa", "Bruna", "João", "José", "Carlos", "Paulo", "Lucas",
    "Pedro", "Rafael", "Marcos", "Felipe", "Gustavo", "Rodrigo", "Bruno", "Thiago", "André", "Eduardo",
    "Antônio", "Francisco", "Luiz", "Daniel", "Matheus", "Vitória", "Sebastião", "Raimunda", "Cláudia", "Márcio",
};
constexpr std::string_view kLastNames[] = {
    "Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima", "Gomes",
    "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes", "Soares", "Fernandes", "Vieira", "Barbosa",
    "Rocha", "Dias", "Nascimento", "Andrade", "Moreira", "Nunes", "Marques", "Machado", "Mendes", "Freitas",
    "Cardoso", "Ramos", "Gonçalves", "Santana", "Teixeira", "Araújo", "Pinto", "Monteiro", "Batista", "Correia",
};
constexpr std::string_view kSegments[] = {"Varejo", "Universitário", "Alta Renda", "Private", "Empresas"};
constexpr double kSegmentWeights[] = {55, 12, 20, 3, 10};
constexpr std::string_view kBranchAreas[] = {"Centro", "Norte", "Sul", "Shopping"};

constexpr uint64_t kSampleSeed = 20240304;

}  // namespace

SampleBank make_sample_bank(size_t customers) {
    fb::Rng rng(kSampleSeed);
    SampleBank bank;
    // Branch 1 is the head office; every city then gets one to four branches by size.
    bank.branches.push_back({1, "Sede", "São Paulo", "SP", -23.5613, -46.6565});
    std::vector<std::vector<int64_t>> by_city(std::size(kCities));
    by_city[0].push_back(1);
    for (size_t c = 0; c < std::size(kCities); ++c) {
        const City& city = kCities[c];
        size_t n = city.weight >= 7 ? 4 : city.weight >= 3 ? 3 : city.weight >= 1 ? 2 : 1;
        for (size_t k = 0; k < n; ++k) {
            Branch b;
            b.id = static_cast<int64_t>(bank.branches.size()) + 1;
            b.nome = "Agência " + std::string(city.name) + " " + std::string(kBranchAreas[k]);
            b.cidade = city.name;
            b.estado = city.state;
            b.latitude = city.lat + (rng.unit() - 0.5) * 0.08;
            b.longitude = city.lon + (rng.unit() - 0.5) * 0.08;
            bank.branches.push_back(b);
            by_city[c].push_back(b.id);
        }
    }
    std::vector<double> weights;
    for (const auto& c : kCities) weights.push_back(c.weight);
    bank.customers.reserve(customers);
    for (size_t i = 0; i < customers; ++i) {
        size_t c = rng.weighted(weights);
        Customer cu;
        cu.id = 10001 + static_cast<int64_t>(i);
        cu.nome = std::string(kFirstNames[rng.below(std::size(kFirstNames))]) + " " +
                  std::string(kLastNames[rng.below(std::size(kLastNames))]) + " " +
                  std::string(kLastNames[rng.below(std::size(kLastNames))]);
        cu.segmento = kSegments[rng.weighted(kSegmentWeights)];
        cu.cidade = kCities[c].name;
        cu.estado = kCities[c].state;
        cu.agencia_id = by_city[c][rng.below(by_city[c].size())];
        bank.customers.push_back(std::move(cu));
    }
    return bank;
}

fb::Status write_tables(const SampleBank& bank, const std::string& dir) {
    mkdir(dir.c_str(), 0755);
    auto write = [&](const std::string& name, const std::string& text) -> fb::Status {
        std::string path = dir + "/" + name;
        FILE* f = std::fopen(path.c_str(), "w");
        if (!f) return fb::Status::IOError("cannot write '" + path + "'");
        bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
        ok = std::fclose(f) == 0 && ok;
        return ok ? fb::Status::Ok() : fb::Status::IOError("writing '" + path + "' failed");
    };
    std::string t = "agencia_id,nome_da_agencia,cidade,estado,latitude,longitude\n";
    char num[64];
    for (const auto& b : bank.branches) {
        t += std::to_string(b.id) + ",";
        fb::append_csv_field(t, b.nome);
        t += ",";
        fb::append_csv_field(t, b.cidade);
        std::snprintf(num, sizeof num, ",%s,%.6f,%.6f\n", b.estado.c_str(), b.latitude, b.longitude);
        t += num;
    }
    if (fb::Status s = write("agencias.csv", t); !s.ok()) return s;
    t = "CustomerID,nome,segmento,cidade,estado,agencia_id\n";
    for (const auto& c : bank.customers) {
        t += std::to_string(c.id) + ",";
        fb::append_csv_field(t, c.nome);
        t += ",";
        fb::append_csv_field(t, c.segmento);
        t += ",";
        fb::append_csv_field(t, c.cidade);
        t += "," + c.estado + "," + std::to_string(c.agencia_id) + "\n";
    }
    return write("clientes.csv", t);
}

}  // namespace fbgen
