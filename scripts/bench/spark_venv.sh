# scripts/bench/spark_venv.sh: pyspark from PyPI in a cached venv, and a Java for it (source it).
# Used by scripts/bench/pipeline and tests/e2e/spark_pipe.sh, so both share one installation.
#
#   spark_java_ready        0 when a Java 17+ runs (JAVA_HOME's, else java on the PATH), exporting
#                           JAVA_HOME when it was unset or wrong; else says why on stdout, returns 1
#   spark_venv_ready LOG    the venv ${FBKIT_SPARK_VENV:-${FBKIT_CACHE_DIR:-~/.cache/fbkit}/spark-venv}
#                           with pyspark[sql]==$FBKIT_PYSPARK_VERSION (default below) installed from
#                           PyPI, once, under a lock (later calls reuse it). Sets SPARK_PY (the
#                           venv's python) and SPARK_VERSION. Returns 0; 1 when PyPI is unreachable
#                           ("pyspark skipped: ..." on stdout); 2 when something else failed (the
#                           reason on stdout; pip's and venv's output in LOG).
#
# Needs python3 with the venv module (${PYTHON:-python3}), flock (util-linux).

FBKIT_PYSPARK_VERSION=${FBKIT_PYSPARK_VERSION:-4.3.0}
# pyspark[sql] brings pandas and pyarrow, so Python UDFs are Arrow-optimized (Spark 4's default).

spark_java_ready() {
    local java major
    if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then
        java=$JAVA_HOME/bin/java
    else
        java=$(command -v java || true)
        [[ -n $java ]] || { echo "no Java: pyspark needs Java 17+ (Debian 12: apt-get install default-jre-headless, which is OpenJDK 17)"; return 1; }
    fi
    major=$("$java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ { print $2; exit }')
    major=${major%%.*}
    if [[ ! $major =~ ^[0-9]+$ || $major -lt 17 ]]; then
        echo "no Java 17+: $java is version ${major:-unknown}; pyspark $FBKIT_PYSPARK_VERSION needs 17+ (Debian 12: apt-get install default-jre-headless; or set JAVA_HOME to a Java 17+)"
        return 1
    fi
    # Spark's launcher uses $JAVA_HOME/bin/java when JAVA_HOME is set, else java on the PATH.
    JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$java")")")
    export JAVA_HOME
}

spark_venv_ready() {
    local log=$1 venv base marker status=0
    venv=${FBKIT_SPARK_VENV:-${FBKIT_CACHE_DIR:-$HOME/.cache/fbkit}/spark-venv}
    marker=$venv/.fbkit-pyspark-sql-$FBKIT_PYSPARK_VERSION
    SPARK_PY=$venv/bin/python
    base=${PYTHON:-python3}
    mkdir -p "$(dirname "$venv")"
    # One installer at a time (the e2e test and the bench may run together under ctest -j).
    exec {spark_lock_fd}>"$venv.lock"
    flock -w 1200 "$spark_lock_fd" || { echo "could not lock $venv.lock in 20 minutes"; return 2; }
    if [[ ! -e $marker ]] || ! "$SPARK_PY" -c 'import pyspark' 2>/dev/null; then
        command -v "$base" >/dev/null || { echo "$base not found (set PYTHON)"; status=2; }
        if ((status == 0)); then
            echo "installing pyspark[sql]==$FBKIT_PYSPARK_VERSION (with pandas, pyarrow) from PyPI into $venv (once; later runs reuse it)"
            if ! "$base" -m venv --clear "$venv" >"$log" 2>&1; then
                sed 's/^/    /' "$log" | tail -n 5
                echo "'$base -m venv' failed (Debian/Ubuntu: apt-get install python3-venv)"
                status=2
            elif ! "$SPARK_PY" -m pip install --quiet --disable-pip-version-check --timeout 60 --retries 2 \
                "pyspark[sql]==$FBKIT_PYSPARK_VERSION" >>"$log" 2>&1; then
                sed 's/^/    /' "$log" | tail -n 5
                if "$SPARK_PY" -m pip download --quiet --no-deps --timeout 20 --retries 1 -d "$venv/probe" \
                    "py4j" >/dev/null 2>&1; then
                    echo "pip install pyspark==$FBKIT_PYSPARK_VERSION failed although PyPI answers (see above)"
                    status=2
                else
                    echo "pyspark skipped: PyPI unreachable (pip install pyspark failed; behind a proxy set HTTPS_PROXY or PIP_INDEX_URL)"
                    status=1
                fi
                rm -rf "$venv/probe"
            elif ! "$SPARK_PY" -c 'import pyspark, pyarrow, pandas' >>"$log" 2>&1; then
                echo "pyspark installed but 'import pyspark' fails (see $log)"
                status=2
            else
                touch "$marker"
            fi
        fi
    fi
    flock -u "$spark_lock_fd"
    exec {spark_lock_fd}>&-
    ((status == 0)) || return "$status"
    SPARK_VERSION=$("$SPARK_PY" -c 'import pyspark; print(pyspark.__version__)')
}
