# Shared helpers for the shell integration tests (sourced, not run).
# Exit code 77 means "skipped" to CTest (SKIP_RETURN_CODE 77).

FBKIT_REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

skip() { echo "SKIP: $1 unavailable: $2"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }

# need_service NAME VAR: make sure VAR is set, taking it from `scripts/services env NAME` when
# the caller did not export it; skip with the reason `scripts/services status` gives otherwise.
need_service() {
  local name="$1" var="$2" line
  if [ -z "${!var:-}" ]; then
    eval "$(bash "$FBKIT_REPO_DIR/scripts/services" env "$name" 2>/dev/null || true)"
  fi
  if [ -z "${!var:-}" ]; then
    line="$(bash "$FBKIT_REPO_DIR/scripts/services" status "$name" 2>/dev/null | head -n1 || true)"
    line="${line#"$name": }"
    skip "$name" "$var is not set (scripts/services status: ${line:-unknown})"
  fi
}

expect_eq() {
  local what="$1" want="$2" got="$3"
  [ "$want" = "$got" ] || fail "$what: expected [$want], got [$got]"
}

# need_postgres: the services' PostgreSQL (DATABASE_URL) and the psql client, or skip.
need_postgres() {
  need_service postgres DATABASE_URL
  command -v psql >/dev/null || skip postgres "psql client not installed"
}
