#!/usr/bin/env bash
# examples/docker-compose.yml stays usable without a Docker engine to run it: it is YAML, every
# image has a pinned version, every bind-mounted path exists beside it, named volumes are declared,
# ports are bound to 127.0.0.1 and those the tools read by default are published. Skipped (77)
# without python3's yaml module (python3-yaml).
# Usage: docker_compose.sh TOOLS_BUILD_DIR (unused)
set -euo pipefail
compose=$(cd "$(dirname "$0")/../../examples" && pwd)/docker-compose.yml
python3 -c 'import yaml' 2>/dev/null || { echo "SKIP: python3 yaml module missing (python3-yaml)"; exit 77; }
exec python3 - "$compose" <<'EOF'
import os, sys, yaml

path = sys.argv[1]
base = os.path.dirname(path)
doc = yaml.safe_load(open(path, encoding="utf-8"))
failures = []
def check(what, ok):
    print(("ok: " if ok else "FAIL: ") + what)
    if not ok:
        failures.append(what)

services = doc.get("services") or {}
declared = set(doc.get("volumes") or {})
published = set()
for name, svc in services.items():
    image = svc.get("image", "")
    tag = image.rsplit(":", 1)[1] if ":" in image.rsplit("/", 1)[-1] else ""
    check(f"{name}: image {image} has a pinned version", tag not in ("", "latest") and any(c.isdigit() for c in tag))
    for volume in svc.get("volumes", []):
        source = volume.split(":", 1)[0]
        if source.startswith((".", "/")):
            check(f"{name}: mounted {source} exists", os.path.exists(os.path.join(base, source)))
        else:
            check(f"{name}: volume {source} is declared", source in declared)
    for port in svc.get("ports", []):
        check(f"{name}: port {port} bound to 127.0.0.1", str(port).startswith("127.0.0.1:"))
        published.add(int(str(port).split(":")[1]))
    for dep in svc.get("depends_on") or {}:
        check(f"{name}: depends on a service of the file ({dep})", dep in services)
# The defaults of fb-enrich/fb-gen --pg (DATABASE_URL in the comments), fb-sink-mongo, fb-sink-es,
# kcat (KAFKA_BROKERS) and fb-classify --api ollama.
for port, what in [(5432, "PostgreSQL"), (27017, "MongoDB"), (9200, "Elasticsearch"), (5601, "Kibana"),
                   (9092, "Kafka"), (11434, "Ollama")]:
    check(f"{what} published on {port}", port in published)
inits = [v for s in services.values() for v in s.get("volumes", []) if "/docker-entrypoint-initdb.d/" in v]
check("PostgreSQL initialised from sql/schema.sql then sql/seed.sql",
      [v.split(":")[0] for v in sorted(inits, key=lambda v: v.split(":")[1])] == ["./sql/schema.sql", "./sql/seed.sql"])
if failures:
    print(f"{len(failures)} failure(s)")
    sys.exit(1)
print("docker-compose.yml ok")
EOF
