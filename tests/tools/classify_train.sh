#!/usr/bin/env bash
# fb-classify train: learns all three labels from fb-gen's labelled traffic (--with-truth) with
# libfasttext, and --model uses the model: held-out agreement, a model with one head filled in by
# the lexicon, rejected training lines, a missing -o, reproducibility for a seed.
# Usage: classify_train.sh TOOLS_BUILD_DIR
. "$(dirname "$0")/common.bash" "$1"
labelled() {  # fb-gen seed count -> NDJSON with the three labels at the top level
    fb-gen --seed "$1" -n "$2" --with-truth |
        jq -c '{Description, Sentimento: ._fb.truth.Sentimento, Agrupador: ._fb.truth.Agrupador, SentimentRating: ._fb.truth.SentimentRating}'
}
labelled 1 3000 >train.ndjson
labelled 2 500 >test.ndjson

fb-classify train -o model.ftz --stats train.json train.ndjson
check "training read every line" test "$(jq -c '[.read, .written, .sentiment_examples, .category_examples, .rating_examples]' train.json)" = "[3000,3000,3000,3000,3000]"
check "three heads in the model" test "$(grep -a -o 'head [a-z]* [0-9]*' model.ftz | cut -d' ' -f2 | tr '\n' ' ')" = "sentiment category rating "

jq -c '{Description}' test.ndjson | fb-classify --model model.ftz >pred.ndjson
jq -c '{Description}' test.ndjson | fb-classify --model model.ftz --threads 3 >pred3.ndjson
check "--threads 3: the model's answers, in order, as with one thread" cmp -s pred.ndjson pred3.ndjson
agree() {  # field -> share of test records where the prediction equals the label
    paste -d '\t' <(jq -r ".$1" test.ndjson) <(jq -r ".$1" pred.ndjson) | awk -F'\t' '$1 == $2 { n++ } END { printf "%.3f", n / NR }'
}
echo "held-out agreement: Sentimento $(agree Sentimento), Agrupador $(agree Agrupador), SentimentRating $(agree SentimentRating)"
check "Sentimento learned" test "$(awk -v a="$(agree Sentimento)" 'BEGIN { print (a >= 0.9) }')" = 1
check "Agrupador learned" test "$(awk -v a="$(agree Agrupador)" 'BEGIN { print (a >= 0.9) }')" = 1
check "SentimentRating learned" test "$(awk -v a="$(agree SentimentRating)" 'BEGIN { print (a >= 0.6) }')" = 1
check "classifier named fasttext" test "$(jq -r '._fb.classifier' pred.ndjson | sort -u)" = fasttext
check "confidence is a probability" test "$(jq '._fb.confidence | (. > 0 and . <= 1)' pred.ndjson | sort -u)" = true

jq -c '{Description, Sentimento}' train.ndjson | fb-classify train -o sentiment.ftz
jq -c '{Description}' test.ndjson | fb-classify --model sentiment.ftz >pred2.ndjson
check "one head: the lexicon fills the rest" test "$(jq -r '._fb.classifier' pred2.ndjson | sort -u)" = fasttext+lexicon
check "one head: every field set" test "$(jq -c 'select(.Agrupador == null or .SentimentRating == null)' pred2.ndjson | wc -l)" = 0

fb-classify train -o again.ftz train.ndjson
check "same data and seed, same model" cmp -s model.ftz again.ftz

printf '%s\n' '{"Description":"ok","Sentimento":"Positivo"}' '{"Sentimento":"Positivo"}' '{"Description":"sem rótulo"}' \
    '{"Description":"x","Sentimento":"Bom"}' '{"Description":"x","SentimentRating":7}' '{"Description":"x","Agrupador":"Futebol"}' \
    'not json' >bad.ndjson
code=0
fb-classify train -o bad.ftz --rejects rejects.ndjson --stats bad.json bad.ndjson 2>/dev/null || code=$?
check "bad training lines: exit 65" test "$code" = 65
check "six rejected with reasons" test "$(jq -r .error rejects.ndjson | sort | tr '\n' '|')" = \
    "Agrupador: not in the category list|Description: missing|SentimentRating: must be an integer 1..5|Sentimento: must be \"Positivo\" or \"Negativo\"|expected a JSON object, got a scalar value|no label: give Sentimento, Agrupador or SentimentRating|"
code=0
fb-classify train train.ndjson 2>err.log || code=$?
check "train without -o: usage error" test "$code" = 64

[ "$failures" -eq 0 ] || { echo "$failures checks failed"; exit 1; }
echo "classify_train: ok"
