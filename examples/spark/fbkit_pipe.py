#!/usr/bin/env python3
"""Run fbkit's filters inside Spark: every partition of an NDJSON data set goes through
fb-ingest / fb-enrich / fb-classify processes on the executors (rdd.pipe), and the result is
written back as NDJSON partitions (part-00000, part-00001, ...).

    spark-submit --master yarn --files clientes.csv,agencias.csv examples/spark/fbkit_pipe.py \\
        --input hdfs:///feedback/2024-03/ --output hdfs:///classified/2024-03/ \\
        --customers clientes.csv --branches agencias.csv

    python3 examples/spark/fbkit_pipe.py --master 'local[2]' --input feedback.ndjson \\
        --output out/ --customers examples/data/clientes.csv --branches examples/data/agencias.csv

Per partition (one Spark task), each stage is one process: the task writes the partition's lines
to the tool's stdin and reads the tool's stdout as the new partition. Stages are chained in the
same task (ingest | enrich | classify), so records never leave the executor between them and
nothing is shuffled. A tool that exits non-zero (65 rejects beyond --max-rejects, 69 server
unreachable, ...) fails the task, and Spark retries it as it retries any task.

Where the binaries are: FBKIT_BIN (a directory holding fb-enrich, fb-classify..., or the build
tree's tools/ with fb-NAME/fb-NAME) if set, else the PATH. The same path must hold on every node
(install the .deb on each of them; the binaries link shared libraries, so shipping them with
--files does not work).

Tables of fb-enrich (--customers, --branches), two ways:
  --tables ship   (default) Spark copies the files to every executor (SparkContext.addFile, the
                  same as spark-submit --files); each task reads its executor's copy.
  --tables shared the paths are read as given on every node (an NFS mount, or the same files
                  installed everywhere).
  Or no files at all: --enrich-args "--pg" reads PostgreSQL from every task (PGHOST etc. are
  passed on, see --pass-env).

Two ways to pipe (--via):
  python  (default) PySpark's RDD.pipe(): lines go JVM -> Python worker -> tool -> Python -> JVM.
          Several stages are one pipe running a shell pipeline (see run_python for why).
          Note: RDD.pipe() starts the tool with exactly the env= it is given (an empty
          environment by default!); this script passes PATH, LANG and the --pass-env variables.
  jvm     the JVM's RDD.pipe() called through py4j, one per stage: no Python worker in the data
          path (faster); the tool inherits the executor's environment plus the same variables.

Needs pyspark (pip install pyspark; Java 17+) on the driver; on the executors only Java, the
fbkit binaries and, for --via python, Python.
"""

import argparse
import os
import shlex
import sys
import time

STAGES = ("ingest", "enrich", "classify")

# Environment variables handed to the tools on the executors when set on the driver (flags of the
# tools override them). Secrets among them travel inside the serialized tasks: prefer a config
# the executors already have (spark.executorEnv.* with --via jvm, a .pgpass, a mounted secret).
PASS_ENV = ("LANG", "LC_ALL", "TZ", "FBKIT_BIN", "DATABASE_URL", "PGHOST", "PGPORT", "PGDATABASE",
            "PGUSER", "PGPASSWORD", "PGSSLMODE", "OPENAI_API_KEY", "OPENAI_BASE_URL", "OLLAMA_HOST")


def parse_args(argv):
    ap = argparse.ArgumentParser(
        description="Pipe NDJSON partitions through fbkit's filters on Spark executors.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Example:\n  FBKIT_BIN=/usr/bin spark-submit examples/spark/fbkit_pipe.py --input in.ndjson "
               "--output out --customers clientes.csv --branches agencias.csv")
    ap.add_argument("--input", required=True, help="NDJSON file, directory or glob (any Hadoop path)")
    ap.add_argument("--output", required=True, help="directory for the NDJSON partitions (must not exist"
                    " unless --overwrite)")
    ap.add_argument("--stages", default="enrich,classify",
                    help="comma-separated, in pipeline order, from: ingest, enrich, classify "
                    "(default: enrich,classify)")
    ap.add_argument("--customers", help="fb-enrich --customers table (CSV or NDJSON)")
    ap.add_argument("--branches", help="fb-enrich --branches table (CSV or NDJSON)")
    ap.add_argument("--tables", choices=("ship", "shared"), default="ship",
                    help="ship the tables to the executors with addFile (default) or read the same "
                    "path on every node")
    ap.add_argument("--ingest-args", default="", help="more fb-ingest arguments, e.g. '--tz America/Sao_Paulo'")
    ap.add_argument("--enrich-args", default="", help="more fb-enrich arguments, e.g. '--on-missing drop'")
    ap.add_argument("--classify-args", default="", help="more fb-classify arguments, e.g. '--model m.ftz'")
    ap.add_argument("--partitions", type=int, default=0,
                    help="minimum number of input partitions (default: Spark's split of the input)")
    ap.add_argument("--via", choices=("python", "jvm"), default="python",
                    help="PySpark's RDD.pipe (default) or the JVM's")
    ap.add_argument("--pass-env", default=",".join(PASS_ENV),
                    help="driver environment variables passed to the tools (comma-separated)")
    ap.add_argument("--master", help="Spark master, e.g. local[2] (default: spark-submit's or local[*])")
    ap.add_argument("--overwrite", action="store_true", help="delete --output first")
    ap.add_argument("--gzip", action="store_true", help="write part-NNNNN.gz files")
    args = ap.parse_args(argv)
    args.stages = [s.strip() for s in args.stages.split(",") if s.strip()]
    bad = [s for s in args.stages if s not in STAGES]
    if bad or not args.stages:
        ap.error(f"--stages: unknown stage(s) {bad}; choose from {', '.join(STAGES)}")
    if "enrich" in args.stages and not (args.customers or args.branches or "--pg" in args.enrich_args):
        ap.error("enrich needs --customers/--branches (or --enrich-args '--pg ...')")
    return args


def tool_path(name):
    """The command that runs fb-NAME on the executors: FBKIT_BIN/fb-NAME (or the build tree's
    FBKIT_BIN/fb-NAME/fb-NAME), else the bare name looked up on the PATH."""
    bin_dir = os.environ.get("FBKIT_BIN")
    if not bin_dir:
        return name
    nested = os.path.join(bin_dir, name, name)
    return nested if os.path.isfile(nested) else os.path.join(bin_dir, name)


def tool_env(pass_env):
    """The environment of the tools: PATH (the driver's; the same layout on every node is
    assumed), a UTF-8 locale, and the listed variables that are set on the driver."""
    env = {"PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"), "LANG": "C.UTF-8"}
    for name in pass_env.split(","):
        name = name.strip()
        if name and name in os.environ:
            env[name] = os.environ[name]
    return env


def table_path(sc, path, mode):
    """Where the executors find a table: the path itself (--tables shared), or the executor's copy
    of a file shipped with addFile. On a cluster (YARN, Kubernetes, standalone) Spark puts shipped
    files in the executor's working directory, which is the tool's working directory too, so the
    bare file name is right; in local mode the 'executor' is the driver, whose copies are in
    SparkFiles.getRootDirectory()."""
    if mode == "shared":
        return path
    from pyspark import SparkFiles
    sc.addFile(path)
    name = os.path.basename(path)
    if sc.master.startswith("local"):
        return os.path.join(SparkFiles.getRootDirectory(), name)
    return name


def commands(sc, args):
    """argv lists, one per stage, in pipeline order."""
    common = ["-q", "--no-progress"]
    out = []
    for stage in args.stages:
        argv = [tool_path(f"fb-{stage}")] + common
        if stage == "ingest":
            argv += shlex.split(args.ingest_args)
        elif stage == "enrich":
            if args.customers:
                argv += ["--customers", table_path(sc, args.customers, args.tables)]
            if args.branches:
                argv += ["--branches", table_path(sc, args.branches, args.tables)]
            argv += shlex.split(args.enrich_args)
        else:
            argv += shlex.split(args.classify_args)
        out.append(argv)
    return out


def run_python(sc, args, argvs, env):
    """PySpark's RDD.pipe(): one process per partition and stage. checkCode=True makes a failing
    tool fail the task (the default, False, would silently keep whatever it wrote).

    Several stages run as ONE pipe, a shell pipeline (bash, pipefail: the first failing tool's
    status is the pipe's), not as rdd.pipe(a).pipe(b): chained PySpark pipes hang when a tool
    fails, because the upstream pipe's error is raised in the feeder thread of the downstream
    one, which dies without closing the downstream tool's stdin. One pipe also spares the lines
    a trip through Python between the stages."""
    lines = sc.textFile(args.input, args.partitions or None)
    if len(argvs) == 1:
        command = shlex.join(argvs[0])  # e.g. rdd.pipe("fb-classify -q --no-progress", ...)
    else:
        command = shlex.join(["bash", "-c", "set -o pipefail; " + " | ".join(shlex.join(a) for a in argvs)])
    print(f"fbkit_pipe: rdd.pipe({command!r})", file=sys.stderr)
    lines = lines.pipe(command, env=env, checkCode=True)
    codec = "org.apache.hadoop.io.compress.GzipCodec" if args.gzip else None
    lines.saveAsTextFile(args.output, codec)


def run_jvm(sc, args, argvs, env):
    """The JVM's JavaRDD.pipe(command, env, separateWorkingDir, bufferSize, encoding) through
    py4j: the tools read and write UTF-8 straight from the executor JVM; a non-zero exit fails the
    task. The env map is added to the executor's own environment."""
    jrdd = sc._jsc.textFile(args.input, args.partitions or sc.defaultMinPartitions)
    for argv in argvs:
        jrdd = jrdd.pipe(argv, env, False, 65536, "UTF-8")
    if args.gzip:
        codec = sc._jvm.java.lang.Class.forName("org.apache.hadoop.io.compress.GzipCodec")
        jrdd.saveAsTextFile(args.output, codec)
    else:
        jrdd.saveAsTextFile(args.output)


def main(argv=None):
    args = parse_args(argv)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("fbkit-pipe")
    if args.master:  # else spark-submit's --master, or local[*] when run with plain python
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel(os.environ.get("FBKIT_SPARK_LOG_LEVEL", "WARN"))
    try:
        if args.overwrite:
            jpath = sc._jvm.org.apache.hadoop.fs.Path(args.output)
            jpath.getFileSystem(sc._jsc.hadoopConfiguration()).delete(jpath, True)
        argvs = commands(sc, args)
        env = tool_env(args.pass_env)
        for argv in argvs:
            print(f"fbkit_pipe: stage: {shlex.join(argv)}", file=sys.stderr)
        t0 = time.monotonic()
        try:
            (run_jvm if args.via == "jvm" else run_python)(sc, args, argvs, env)
        except Exception as e:  # noqa: BLE001  (py4j and PySpark errors alike)
            why = next((line.strip() for line in str(e).splitlines()
                        if "exited with" in line or "Subprocess exited" in line), str(e).splitlines()[0])
            print(f"fbkit_pipe: the Spark job failed, nothing is complete in {args.output}: {why[:600]}",
                  file=sys.stderr)
            return 1
        print(f"fbkit_pipe: wrote {args.output} ({args.via} pipe, master {sc.master}) in "
              f"{time.monotonic() - t0:.1f} s", file=sys.stderr)
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
