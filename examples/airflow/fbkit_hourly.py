"""fbkit hourly batch: one hour of customer feedback from Kafka to MongoDB, Elasticsearch and a report.

    export -> validate -> enrich -> classify -> sink_mongo  -> analyze
                                              \\ sink_es    /

Each task is one fbkit filter run by bash on files in a per-run work directory. The tools' exit
codes decide the task's state (examples/airflow/README.md):
    99  export found no feedback in the hour: export is skipped, and so is everything after it
    65  some records were rejected: the task succeeds and its log names the rejects file
        (with FBKIT_MAX_REJECTS=N, more than N rejected records fail the task instead)
    69  a server is unavailable (and any other non-zero status): the task fails and Airflow retries
Settings: an Airflow Variable of the same name in lower case (fbkit_topic), else the environment
variable (FBKIT_TOPIC), else the default below. Variables are read when a task runs.
"""

import os
from datetime import timedelta

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG
from airflow.timetables.interval import CronDataIntervalTimetable


AIRFLOW_HOME = os.environ.get("AIRFLOW_HOME", os.path.expanduser("~/airflow"))


def setting(name, default=""):
    return "{{ var.value.get(%r, %r) }}" % (name.lower(), os.environ.get(name, default))


ENV = {
    name: setting(name, default)
    for name, default in {
        "FBKIT_BIN": "",  # directory of the fb-* programs; empty: found on PATH
        "FBKIT_WORK": "/tmp/fbkit-airflow",  # per-run work directories go under it
        "FBKIT_REPORT_DIR": os.path.join(AIRFLOW_HOME, "fbkit-reports"),
        "KAFKA_BROKERS": "127.0.0.1:9092",
        "FBKIT_TOPIC": "ingestion-topic",  # fb-ingest --listen | kcat -P -t ingestion-topic
        "FBKIT_KAFKA_TIMEOUT": "900",  # seconds the export may take before it counts as unavailable
        "DATABASE_URL": "",  # fb-enrich --pg; empty: libpq's PGHOST, PGUSER, ... and ~/.pgpass
        "MONGODB_URI": "mongodb://127.0.0.1:27017/",
        "FBKIT_MONGO_DB": "fbkit",
        "FBKIT_MONGO_COLLECTION": "criticidade",
        "FBKIT_MONGO_ARGS": "",  # e.g. --ensure-index --write-concern majority
        "ELASTICSEARCH_URL": "http://127.0.0.1:9200",
        "FBKIT_ES_INDEX": "feedback",
        "FBKIT_CLASSIFY_ARGS": "",  # e.g. --fallback llm --llm-model gpt-4o-mini --cache FILE
        "FBKIT_MAX_REJECTS": "",  # empty: rejects never fail a task
    }.items()
}

# Shared by every task: the run's work directory, and `step TOOL ARGS...`, which runs fb-TOOL with
# --rejects TOOL.rejects.ndjson and --stats on the log, and turns the exit code into the policy above.
PRELUDE = """
set -euo pipefail
work="$FBKIT_WORK/{{ dag.dag_id }}/{{ run_id | replace(':', '') }}"
mkdir -p "$work" && cd "$work"
step() {
  local tool=$1 rc=0; shift
  "${FBKIT_BIN:+$FBKIT_BIN/}fb-$tool" --rejects "$tool.rejects.ndjson" --stats - \\
    ${FBKIT_MAX_REJECTS:+--max-rejects "$FBKIT_MAX_REJECTS"} "$@" || rc=$?
  if [ -s "$tool.rejects.ndjson" ]; then
    echo "WARNING: fb-$tool rejected $(wc -l <"$tool.rejects.ndjson") record(s): $work/$tool.rejects.ndjson"
    head -n 3 "$tool.rejects.ndjson"
  fi
  if [ "$rc" = 65 ] && [ -z "$FBKIT_MAX_REJECTS" ]; then rc=0; fi
  return "$rc"
}
"""

EXPORT = """
start={{ data_interval_start.int_timestamp * 1000 }} end={{ data_interval_end.int_timestamp * 1000 }}
echo "exporting $FBKIT_TOPIC [{{ data_interval_start }}, {{ data_interval_end }}) from $KAFKA_BROKERS"
timeout "$FBKIT_KAFKA_TIMEOUT" kcat -C -b "$KAFKA_BROKERS" -t "$FBKIT_TOPIC" -o "s@$start" -o "e@$end" -e \\
  >raw.ndjson || { echo "kcat failed: Kafka unavailable"; exit 69; }
echo "exported $(wc -l <raw.ndjson) message(s) to $work/raw.ndjson"
[ -s raw.ndjson ] || exit 99
"""

SCRIPTS = {
    "export": EXPORT,
    "validate": "step ingest -o feedback.ndjson raw.ndjson",
    "enrich": "step enrich --pg -o enriched.ndjson feedback.ndjson",
    "classify": "step classify $FBKIT_CLASSIFY_ARGS -o classified.ndjson enriched.ndjson",
    "sink_mongo": 'step sink-mongo --db "$FBKIT_MONGO_DB" --collection "$FBKIT_MONGO_COLLECTION" $FBKIT_MONGO_ARGS classified.ndjson',
    "sink_es": 'step sink-es --index "$FBKIT_ES_INDEX" classified.ndjson',
    "analyze": """
report="$FBKIT_REPORT_DIR/feedback-{{ data_interval_start | ts_nodash }}"
mkdir -p "$FBKIT_REPORT_DIR"
step analyze --format json -o "$report.json" --html "$report.html" classified.ndjson
echo "report: $report.html"
""",
}

with DAG(
    dag_id="fbkit_hourly",
    description="The hour's feedback: Kafka -> ingest -> enrich -> classify -> MongoDB, Elasticsearch -> report",
    schedule=CronDataIntervalTimetable("0 * * * *", timezone="UTC"),  # run after each hour, for that hour
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    default_args={
        "retries": int(os.environ.get("FBKIT_RETRIES", "3")),
        "retry_delay": timedelta(seconds=float(os.environ.get("FBKIT_RETRY_DELAY", "300"))),
    },
    tags=["fbkit"],
) as dag:
    task = {
        name: BashOperator(task_id=name, bash_command=PRELUDE + script, env=ENV, append_env=True)
        for name, script in SCRIPTS.items()
    }
    task["export"] >> task["validate"] >> task["enrich"] >> task["classify"]
    task["classify"] >> [task["sink_mongo"], task["sink_es"]] >> task["analyze"]
