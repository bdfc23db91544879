#include <catch2/catch.hpp>

#include "categories.h"
#include "lexicon.h"

using classify::Categories;
using classify::Lexicon;
using classify::LexiconData;

namespace {

Lexicon& lexicon() {
    static Categories categories = Categories::defaults();
    static std::unique_ptr<Lexicon> lex = std::move(*Lexicon::load(LexiconData::embedded(), categories));
    return *lex;
}

double score(std::string_view text) {
    lexicon().classify(text);
    return lexicon().score();
}

std::string category(std::string_view text) {
    static Categories categories = Categories::defaults();
    return categories.name(static_cast<size_t>(lexicon().classify(text).category));
}

}  // namespace

TEST_CASE("the embedded lexicon loads") {
    auto c = Categories::defaults();
    auto lex = Lexicon::load(LexiconData::embedded(), c);
    REQUIRE(lex.ok());
}

TEST_CASE("negation flips and damps a word") {
    CHECK(score("o atendimento foi bom") > 0);
    CHECK(score("o atendimento não foi bom") < 0);
    CHECK(score("o atendimento nao foi bom") == Approx(score("o atendimento não foi bom")));
    // Only up to three tokens back, and not across a sentence end.
    CHECK(score("não. O app é bom") > 0);
}

TEST_CASE("intensifiers and diminishers scale a word") {
    CHECK(score("muito bom") > score("bom"));
    CHECK(score("pouco bom") < score("bom"));
}

TEST_CASE("a contrast word weighs the clause after it") {
    CHECK(score("o app é bom, mas trava toda hora") < 0);
}

TEST_CASE("phrases starting with a negation carry it and are not negated again") {
    CHECK(score("não recomendo") < 0);
    CHECK(score("o pix não caiu") < 0);
}

TEST_CASE("banking vocabulary the general lexicons miss") {
    for (const char* text : {"cobrança indevida na minha conta", "o aplicativo fica travando", "cartão bloqueado sem aviso",
                             "fui vítima de golpe", "o Pix não caiu até agora", "tarifa abusiva"}) {
        INFO(text);
        CHECK(lexicon().classify(text).sentiment == -1);
    }
    CHECK(lexicon().classify("atendimento excelente, resolveram rápido. Parabéns!").sentiment == 1);
}

TEST_CASE("category keywords and rules") {
    CHECK(category("o pix não caiu na conta do destinatário") == "Pix e Transferências");
    CHECK(category("cobrança indevida de tarifa, quero o estorno") == "Tarifas e Cobranças");
    CHECK(category("o aplicativo trava no login") == "Aplicativo");
    CHECK(category("fila enorme na agência e o caixa eletrônico sem dinheiro") == "Agência e Caixas");
    CHECK(category("a fatura do cartão veio com anuidade") == "Cartão");
    CHECK(category("caí num golpe, a conta foi invadida") == "Segurança e Fraude");
    CHECK(category("quero renegociar meu empréstimo consignado") == "Empréstimos e Financiamentos");
    CHECK(category("o rendimento do CDB caiu") == "Investimentos");
    CHECK(category("a atendente foi grosseira no telefone") == "Atendimento");
    CHECK(category("quero encerrar a conta e pegar o extrato") == "Conta");
    CHECK(category("bom dia") == "Outros");
    CHECK(category("") == "Outros");
}

TEST_CASE("the rating: praise 1, an inconvenience in between, money lost or a regulator 5") {
    CHECK(lexicon().classify("adorei o app, excelente").rating == 1);
    int mild = lexicon().classify("o app poderia ser um pouco mais rápido").rating;
    CHECK(mild >= 2);
    CHECK(mild <= 3);
    CHECK(lexicon().classify("fui vítima de golpe e o banco não faz nada").rating == 5);
    CHECK(lexicon().classify("vou reclamar no Procon, cobrança indevida de novo").rating == 5);
}

TEST_CASE("confidence grows with the strength of the evidence") {
    auto weak = lexicon().classify("ok");
    auto strong = lexicon().classify("péssimo, horrível, um absurdo, nunca mais");
    CHECK(weak.confidence >= 0.5);
    CHECK(strong.confidence <= 1.0);
    CHECK(strong.confidence > weak.confidence);
}

TEST_CASE("bad lexicon data is refused with file and line") {
    auto c = Categories::defaults();
    LexiconData d = LexiconData::embedded();
    d.lexicon = "# comment\nbom\t2\nRuim\t-2\n";
    auto r = Lexicon::load(d, c);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message().find("lexicon.txt:3") != std::string::npos);
    d.lexicon = "bom\tmuito\n";
    CHECK_FALSE(Lexicon::load(d, c).ok());
}

TEST_CASE("tokens that share bytes are told apart whatever their length") {
    // The token cache keys tokens of up to 16 bytes by their bytes and length: a word and its
    // prefixes, words of exactly 8 and 16 bytes and longer words must each keep their own meaning,
    // in any order and again after the cache has seen the others.
    std::vector<std::string> words = {"bom", "bo", "b", "bomm", "pessimo", "pessimos", "pessimo1", "excelente",
                                      "excelentes", "atendimento", "atendimentoatend", "atendimentoatendi",
                                      "atendimentoatendimento", "x1234567", "x12345678"};
    std::vector<double> alone;
    for (const auto& w : words) alone.push_back(score("o " + w + " atendimento"));
    for (int round = 0; round < 3; ++round)
        for (size_t i = words.size(); i-- > 0;) CHECK(score("o " + words[i] + " atendimento") == alone[i]);
    CHECK(score("bom") > 0);
    CHECK(score("bo") == 0);
    CHECK(score("pessimo") < 0);
}

TEST_CASE("texts are cut the same wherever their words and sentence ends fall") {
    // The tokenizer reads 64 bytes at a time: words, gaps and sentence ends that straddle or end
    // at a 64-byte boundary, long gaps and words longer than 64 bytes must give what they give at
    // the start of a text.
    const double negated = score("não foi bom"), plain = score("bom"), bad = score("péssimo");
    REQUIRE(negated < 0);
    REQUIRE(plain > 0);
    for (size_t lead = 0; lead <= 140; ++lead) {
        std::string pad(lead, ' ');
        for (size_t i = 0; i < lead; i += 7) pad[i] = ',';
        CHECK(score(pad + "não foi bom") == Approx(negated));
        CHECK(score(pad + "péssimo") == Approx(bad));
        CHECK(score(pad + "péssimo" + pad) == Approx(bad));
        // A sentence end anywhere in a gap, however long, stops the negation.
        for (size_t gap : {1, 2, 63, 64, 65, 130}) {
            std::string spaces(gap, ' ');
            CHECK(score(pad + "não" + spaces + "bom") == Approx(negated));
            for (size_t at : {size_t{0}, gap / 2, gap - 1}) {
                std::string with_end = spaces;
                with_end[at] = '.';
                CHECK(score(pad + "não" + with_end + "bom") == Approx(plain));
            }
        }
    }
    // Words longer than a 64-byte block, and texts of exactly 64 and 128 bytes.
    CHECK(score(std::string(100, 'a') + " bom") == Approx(plain));
    CHECK(score(std::string(60, ' ') + "bom" + std::string(1, ' ')) == Approx(plain));     // 64 bytes
    CHECK(score(std::string(125, ' ') + "bom") == Approx(plain));                          // 128 bytes
    CHECK(score(std::string(61, 'x') + "bom") == Approx(0));                               // one word
    CHECK(lexicon().hits().empty());
}
