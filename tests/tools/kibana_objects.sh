#!/usr/bin/env bash
# The Kibana saved objects in examples/kibana/ stay consistent with each other and with the index
# template: every line a saved object, references resolve, aggregation fields exist with a fitting
# type in examples/elasticsearch/feedback-template.json (examples/kibana/check.py).
# Usage: kibana_objects.sh TOOLS_BUILD_DIR (unused)
set -euo pipefail
exec python3 "$(cd "$(dirname "$0")/../.." && pwd)/examples/kibana/check.py"
