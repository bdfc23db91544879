#!/usr/bin/env bash
# fb-classify's quality on real labelled Portuguese text (../shared/data/eval/, read at run time,
# never copied): the embedded lexicon and a model trained on RePro train, measured on RePro test.
# Floors are set from our own measurement (0.958 default, 0.960 trained, scripts/bench/
# classify-quality) minus a margin for lexicon edits; the issue's targets are 0.88 and 0.92.
# Skips (77) when the evaluation data is absent.
# Usage: classify_quality.sh TOOLS_BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FBKIT_BUILD=$(cd "$1/.." && pwd) exec python3 "$here/../../scripts/bench/classify-quality" --floor 0.94 --trained-floor 0.94
