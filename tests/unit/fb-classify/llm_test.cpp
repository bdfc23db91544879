#include <catch2/catch.hpp>
#include <simdjson.h>

#include "cache.h"
#include "categories.h"
#include "llm.h"
#include "record.h"

using namespace classify;

namespace {

const Categories& cats() {
    static Categories c = Categories::defaults();
    return c;
}

std::string openai_reply(const std::string& content_json) {
    std::string escaped;
    for (char c : content_json) {
        if (c == '"' || c == '\\') escaped += '\\';
        if (c == '\n') {
            escaped += "\\n";
            continue;
        }
        escaped += c;
    }
    return R"({"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":")" + escaped +
           R"("},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}})";
}

bool parse(const std::string& body, Verdict& v, std::string& error, LlmApi api = LlmApi::openai) {
    LlmConfig c;
    c.api = api;
    c.model = "m";
    uint64_t tokens = 0;
    return llm_parse_reply(c, cats(), body, v, error, tokens);
}

}  // namespace

TEST_CASE("a good OpenAI reply gives the three fields and the tokens") {
    LlmConfig c;
    c.model = "gpt-4o-mini";
    Verdict v;
    std::string error;
    uint64_t tokens = 0;
    REQUIRE(llm_parse_reply(c, cats(), openai_reply(R"({"SentimentRating":4,"Agrupador":"Cartão","Sentimento":"Negativo"})"), v,
                            error, tokens));
    CHECK(v.rating == 4);
    CHECK(cats().name(static_cast<size_t>(v.category)) == "Cartão");
    CHECK(v.sentiment == -1);
    CHECK(v.classifier == "openai:gpt-4o-mini");
    CHECK(tokens == 15);
}

TEST_CASE("an Ollama reply and a fenced answer are understood") {
    Verdict v;
    std::string error;
    REQUIRE(parse(R"({"model":"m","message":{"role":"assistant","content":"{\"SentimentRating\":1,\"Agrupador\":\"Outros\",\"Sentimento\":\"Positivo\"}"},"done":true,"prompt_eval_count":7,"eval_count":3})",
                  v, error, LlmApi::ollama));
    CHECK(v.sentiment == 1);
    REQUIRE(parse(openai_reply("```json\n{\"SentimentRating\":2,\"Agrupador\":\"Pix e Transferências\",\"Sentimento\":\"Negativo\"}\n```"),
                  v, error));
    CHECK(v.rating == 2);
    // A category written without accents is still that category.
    REQUIRE(parse(openai_reply(R"({"SentimentRating":3,"Agrupador":"Cartao","Sentimento":"negativo"})"), v, error));
    CHECK(cats().name(static_cast<size_t>(v.category)) == "Cartão");
}

TEST_CASE("replies outside the schema are refused with a reason") {
    Verdict v;
    std::string error;
    CHECK_FALSE(parse("not json at all", v, error));
    CHECK(error.find("not JSON") != std::string::npos);
    CHECK_FALSE(parse(R"({"choices":[]})", v, error));
    CHECK_FALSE(parse(openai_reply("this is not json"), v, error));
    CHECK(error.find("not a JSON object") != std::string::npos);
    CHECK_FALSE(parse(openai_reply(R"({"SentimentRating":9,"Agrupador":"Cartão","Sentimento":"Negativo"})"), v, error));
    CHECK(error.find("outside 1..5") != std::string::npos);
    CHECK_FALSE(parse(openai_reply(R"({"SentimentRating":"4","Agrupador":"Cartão","Sentimento":"Negativo"})"), v, error));
    CHECK_FALSE(parse(openai_reply(R"({"SentimentRating":4.5,"Agrupador":"Cartão","Sentimento":"Negativo"})"), v, error));
    CHECK_FALSE(parse(openai_reply(R"({"SentimentRating":4,"Agrupador":"Futebol","Sentimento":"Negativo"})"), v, error));
    CHECK(error.find("not in the category list") != std::string::npos);
    CHECK_FALSE(parse(openai_reply(R"({"SentimentRating":4,"Agrupador":"Cartão","Sentimento":"Neutro"})"), v, error));
    CHECK_FALSE(parse(openai_reply(R"({"SentimentRating":4,"Agrupador":"Cartão"})"), v, error));
    CHECK(error.find("lacks Sentimento") != std::string::npos);
    CHECK_FALSE(parse(openai_reply(R"({"SentimentRating":4,"Agrupador":"Cartão","Sentimento":"Negativo","x":1})"), v, error));
    CHECK_FALSE(parse(openai_reply(R"([1,2])"), v, error));
}

TEST_CASE("the request is valid JSON with the schema, the prompt version and the text as the user message") {
    LlmConfig c;
    c.model = "gpt-4o-mini";
    std::string text = "O \"Pix\" não caiu\n";
    std::string body = llm_request_body(c, cats(), text);
    simdjson::dom::parser p;
    simdjson::dom::element doc;
    REQUIRE_FALSE(p.parse(body).get(doc));
    CHECK(std::string_view(doc["response_format"]["type"]) == "json_schema");
    CHECK(std::string_view(doc["messages"].at(1)["content"]) == text);
    CHECK(std::string_view(doc["messages"].at(0)["content"]).find(kPromptVersion) != std::string_view::npos);
    c.api = LlmApi::ollama;
    body = llm_request_body(c, cats(), text);
    REQUIRE_FALSE(p.parse(body).get(doc));
    CHECK(bool(doc["stream"]) == false);
    CHECK(doc["format"]["type"].get_string().value() == "object");
}

TEST_CASE("the cache key ignores case, accents and spacing, but not the model") {
    Cache a(cats(), "openai:m1"), b(cats(), "openai:m2");
    CHECK(a.key("O Pix  NÃO caiu ") == a.key("o pix nao caiu"));
    CHECK(a.key("o pix nao caiu") != a.key("o pix caiu"));
    CHECK(a.key("o pix nao caiu") != b.key("o pix nao caiu"));
}

TEST_CASE("the cache key tells servers apart, but not a trailing slash") {
    Cache global(cats(), "ollama:llama3.1"), one(cats(), "ollama:llama3.1", "http://gpu-a:11434"),
        same(cats(), "ollama:llama3.1", "http://gpu-a:11434/"), other(cats(), "ollama:llama3.1", "http://gpu-b:11434");
    CHECK(one.key("o pix nao caiu") == same.key("o pix nao caiu"));
    CHECK(one.key("o pix nao caiu") != other.key("o pix nao caiu"));
    CHECK(one.key("o pix nao caiu") != global.key("o pix nao caiu"));
}

TEST_CASE("the record editor replaces earlier fields in place and keeps other _fb members") {
    RecordEditor e("Description", cats());
    std::string line = R"({"a":1,"SentimentRating":2,"Description":"x","_fb":{"enrich":{"m":1},"error":"old"},"z":[1]})";
    line.reserve(line.size() + simdjson::SIMDJSON_PADDING);
    REQUIRE(e.read(line));
    CHECK(e.text() == "x");
    Verdict v;
    v.rating = 5;
    v.category = 3;
    v.sentiment = -1;
    v.classifier = "lexicon-v1";
    v.confidence = 0.8;
    std::string out;
    e.render(v, out);
    CHECK(out == R"({"a":1,"SentimentRating":5,"Description":"x","_fb":{"enrich":{"m":1},"classifier":"lexicon-v1","confidence":0.8},"z":[1],"Agrupador":"Cartão","Sentimento":"Negativo"})");
}
