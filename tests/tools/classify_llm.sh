#!/usr/bin/env bash
# fb-classify's LLM backend against tests/tools/mock_llm.py, a local server speaking the OpenAI
# chat-completions protocol and Ollama's /api/chat with scripted replies (the one place a stand-in
# is right: the real API is paid and remote). Checks: input order under concurrency, one call per
# distinct text (in flight and across runs through --cache), retries on 429/500/closed
# connections honouring Retry-After, one retry of a reply outside the schema then null +
# _fb.error, timeouts, an endpoint down (exit 0, or 69 with --fail-on-error), a wrong key, Ollama
# native and OpenAI-compatible paths, --fallback routing, truncation, --max-rps.
# Usage: classify_llm.sh TOOLS_BUILD_DIR
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/common.bash" "$1"

python3 "$here/mock_llm.py" --port-file port --latency-ms 50 --api-key sk-test 2>mock.log &
pid=$!
for _ in $(seq 100); do [ -s port ] && break; sleep 0.05; done
port=$(cat port)
export OPENAI_API_KEY=sk-test OPENAI_BASE_URL=http://127.0.0.1:$port/v1
unset OLLAMA_HOST
stats() { curl -s "http://127.0.0.1:$port/stats"; }
reset() { curl -s -X POST "http://127.0.0.1:$port/reset" >/dev/null; }
records() {  # python expression of a list of texts -> NDJSON with InvoiceNo 1..n
    python3 -c "import json,sys
for i,t in enumerate($1,1): print(json.dumps({'InvoiceNo':i,'Description':t},ensure_ascii=False))"
}

# 1. Order under concurrency: replies come back out of order, output keeps the input order.
records "['reclamação %d [slow=%d]' % (i, (i*37)%300) for i in range(60)]" >slow.ndjson
fb-classify --backend llm --concurrency 8 --stats s1.json <slow.ndjson >out1.ndjson
check "60 records out" test "$(wc -l <out1.ndjson)" = 60
check "output in input order" test "$(jq -r .InvoiceNo out1.ndjson | tr '\n' ' ')" = "$(seq 1 60 | tr '\n' ' ')"
check "several calls in flight" test "$(stats | jq .max_concurrent)" -gt 1
check "never more than --concurrency" test "$(stats | jq .max_concurrent)" -le 8
check "every record classified by the API" test "$(jq -r '._fb.classifier' out1.ndjson | sort -u)" = "openai:gpt-4o-mini"
check "stats: 60 calls, 60 classified" test "$(jq -c '[.llm_calls, .classified, .by_openai]' s1.json)" = "[60,60,60]"

# 2. One call per distinct text: duplicates in a run wait for the call in flight; --cache keeps
#    answers across runs.
reset
records "['o pix não caiu %d' % (i % 10) for i in range(50)]" >dups.ndjson
fb-classify --backend llm --concurrency 4 --cache cache.ndjson --stats s2.json <dups.ndjson >out2.ndjson
check "one request per distinct text" test "$(stats | jq '[.by_text[]] | (length == 10 and max == 1)')" = true
check "40 waited for the call in flight" test "$(jq .waited_for_duplicate s2.json)" = 40
check "cache file holds 10 answers" test "$(wc -l <cache.ndjson)" = 10
reset
records "['O PIX  NÃO caiu %d ' % (i % 10) for i in range(50)]" >dups2.ndjson
fb-classify --backend llm --cache cache.ndjson --stats s3.json <dups2.ndjson >out3.ndjson
check "second run: no request at all" test "$(stats | jq .requests)" = 0
check "second run: 50 cache hits" test "$(jq .cache_hits s3.json)" = 50
check "cached answers are the same answers" test "$(jq -c '[.SentimentRating,.Agrupador,.Sentimento]' out2.ndjson | md5sum)" = "$(jq -c '[.SentimentRating,.Agrupador,.Sentimento]' out3.ndjson | md5sum)"
fb-classify --backend llm --model other-model --cache cache.ndjson --stats s4.json <dups.ndjson >/dev/null
check "another model is not served from the cache" test "$(jq .cache_hits s4.json)" = 0

# 3. Retries: 429 with Retry-After, 500, a dropped connection; all end classified.
reset
records "['cartão [429]', 'tarifa [500]', 'app [close]', 'golpe [429x3]']" >retry.ndjson
start=$(date +%s.%N)
fb-classify --backend llm --stats s5.json <retry.ndjson >out5.ndjson
took=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
check "retried records all classified" test "$(jq -c 'select(.Sentimento == null)' out5.ndjson | wc -l)" = 0
check "stats count the retries" test "$(jq .llm_retries s5.json)" -ge 6
check "Retry-After honoured (3 x 1 s for [429x3])" test "$(awk -v t="$took" 'BEGIN { print (t >= 3) }')" = 1

# 4. Replies outside the schema: asked once more, then null + _fb.error; the record is kept.
reset
records "['x [garbage]', 'y [garbagealways]', 'z [badcatalways]', 'w [badrating]']" >bad.ndjson
fb-classify --backend llm --stats s6.json <bad.ndjson >out6.ndjson
check "a slip is fixed by one more call" test "$(jq -r 'select(.InvoiceNo==1).Sentimento' out6.ndjson)" != null
check "garbage twice: null + error" test "$(jq -c 'select(.InvoiceNo==2) | [.Sentimento, (._fb.error | test("not a JSON object"))]' out6.ndjson)" = '[null,true]'
check "category outside the list: null + error" test "$(jq -r 'select(.InvoiceNo==3)._fb.error | test("Futebol")' out6.ndjson)" = true
check "rating outside 1..5: null + error" test "$(jq -r 'select(.InvoiceNo==4)._fb.error | test("outside 1..5")' out6.ndjson)" = true
check "each bad text asked exactly twice" test "$(stats | jq -c '[.by_text["y [garbagealways]"], .by_text["z [badcatalways]"]]')" = "[2,2]"
check "all 4 written, exit 0 counted" test "$(jq -c '[.written, .llm_failures, .llm_invalid_replies]' s6.json)" = "[4,3,7]"

# 5. Timeouts and an endpoint that is down: nulls + error, exit 0; 69 with --fail-on-error.
records "['demora [hang]']" >hang.ndjson
code=0
fb-classify --backend llm --timeout 0.5 --retry-for 1 <hang.ndjson >out7.ndjson || code=$?
check "a hanging call times out into an error" test "$(jq -r '._fb.error | test("[Tt]imeout|timed out")' out7.ndjson)" = true
check "exit 0 without --fail-on-error" test "$code" = 0
code=0
OPENAI_BASE_URL=http://127.0.0.1:1/v1 fb-classify --backend llm --retry-for 1 --fail-on-error <dups.ndjson >out8.ndjson 2>err8.log || code=$?
check "endpoint down: every record still written" test "$(wc -l <out8.ndjson)" = 50
check "endpoint down + --fail-on-error: exit 69" test "$code" = 69
check "the error names the connection failure" test "$(jq -r '._fb.error' out8.ndjson | head -1 | grep -c -i connect)" = 1
OPENAI_API_KEY=wrong fb-classify --backend llm --stats s9.json <retry.ndjson >out9.ndjson
check "a refused key: HTTP 401 in _fb.error, not retried" test "$(jq -c '[.llm_retries, .llm_failures]' s9.json)" = "[0,4]"
check "401 named" test "$(jq -r '._fb.error' out9.ndjson | head -1 | grep -c 401)" = 1

# 6. Ollama: the native API and its OpenAI-compatible one.
reset
OLLAMA_HOST=127.0.0.1:$port fb-classify --backend llm --api ollama <dups.ndjson >out10.ndjson
check "ollama native: /api/chat with the default model" test "$(stats | jq -c '[.paths["/api/chat"], .models["llama3.1"]]')" = "[10,10]"
check "ollama classifier named" test "$(jq -r '._fb.classifier' out10.ndjson | sort -u)" = "ollama:llama3.1"
code=0
env -u OPENAI_API_KEY OLLAMA_HOST=http://127.0.0.1:$port fb-classify --backend llm --api ollama-openai <dups.ndjson >/dev/null 2>err11.log || code=$?
check "ollama's OpenAI-compatible API starts without a key" test "$code" = 0
reset
OLLAMA_HOST=http://127.0.0.1:$port fb-classify --backend llm --api ollama-openai --model qwen2.5 <dups.ndjson >/dev/null
check "ollama's OpenAI-compatible API: /v1/chat/completions" test "$(stats | jq -c '[.paths["/v1/chat/completions"], .models["qwen2.5"]]')" = "[10,10]"

# 7. --fallback: only the records the lexicon is unsure of go to the LLM.
reset
records "['Atendimento excelente, resolveram tudo rápido, parabéns!', 'ok', 'Péssimo, um absurdo, cobrança indevida de novo', 'hmm', 'sei lá']" >hybrid.ndjson
fb-classify --fallback llm --min-confidence 0.8 --stats s12.json <hybrid.ndjson >out12.ndjson
check "only unsure records asked" test "$(jq .routed_to_llm s12.json)" = "$(stats | jq .requests)"
check "confident ones answered locally" test "$(jq -r 'select(.InvoiceNo==1 or .InvoiceNo==3)._fb.classifier' out12.ndjson | sort -u)" = lexicon-v1
check "unsure ones by the LLM" test "$(jq -r 'select(.InvoiceNo==2)._fb.classifier' out12.ndjson)" = openai:gpt-4o-mini
OPENAI_BASE_URL=http://127.0.0.1:1/v1 fb-classify --fallback llm --min-confidence 0.8 --retry-for 0.5 <hybrid.ndjson >out13.ndjson
check "fallback down: the local answer stands, the failure noted" test "$(jq -r 'select(.InvoiceNo==2) | [.Sentimento != null, ._fb.classifier, (._fb.error != null)] | @tsv' out13.ndjson)" = "$(printf 'true\tlexicon-v1\ttrue')"

# 8. A 100 KB description is cut for the API, and says so.
reset
python3 -c "import json; print(json.dumps({'InvoiceNo':1,'Description':'não caiu o pix ' * 7000}))" >big.ndjson
fb-classify --backend llm --max-chars 4000 <big.ndjson >out14.ndjson
check "_fb.truncated" test "$(jq -r '._fb.truncated' out14.ndjson)" = true
check "the API saw at most 4000 bytes" test "$(stats | jq '.last_body.messages[-1].content | utf8bytelength <= 4000')" = true
check "the record itself is intact" test "$(jq -r '.Description | length' out14.ndjson)" = 105000

# 9. --max-rps spaces the calls out.
reset
records "['texto %d' % i for i in range(10)]" >rps.ndjson
start=$(date +%s.%N)
fb-classify --backend llm --max-rps 5 <rps.ndjson >/dev/null
took=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
check "10 calls at 5/s take at least 1.6 s" test "$(awk -v t="$took" 'BEGIN { print (t >= 1.6) }')" = 1

[ "$failures" -eq 0 ] || { echo "$failures checks failed"; exit 1; }
echo "classify_llm: ok"
