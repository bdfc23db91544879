#!/usr/bin/env bash
# tests/e2e/kafka_resume.sh with fb-consume: two members of one Kafka consumer group share the
# topic, with random kill -9 and restarts; MongoDB and Elasticsearch then hold every record once.
#   tests/e2e/kafka_group.sh TOOLS_DIR
FBKIT_RESUME_DRIVER=group exec bash "$(dirname "${BASH_SOURCE[0]}")/kafka_resume.sh" "$@"
