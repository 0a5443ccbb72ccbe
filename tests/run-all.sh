#!/usr/bin/env bash
# The one test command (npm test): typecheck, lint, unit + integration on SQLite (and
# PostgreSQL when TEST_DATABASE_URL is set), then the browser tests in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's chromium for the browser tests…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "The browser tests need Chromium at $CHROMIUM. Install it with: sudo apt-get install -y chromium" >&2
    exit 1
  fi
fi

ARTIFACTS=tests/.artifacts
rm -rf "$ARTIFACTS" && mkdir -p "$ARTIFACTS"

echo "== typecheck" && npx tsc --noEmit
echo "== lint" && npx eslint . --max-warnings 0
if [ -n "${TEST_DATABASE_URL:-}" ]; then echo "== unit + integration (SQLite and PostgreSQL)"; else echo "== unit + integration (SQLite; set TEST_DATABASE_URL to add PostgreSQL)"; fi
npx vitest run --reporter=default --reporter=json --outputFile.json="$ARTIFACTS/vitest.json"

echo "== build" && npm run build --silent
E2E_DB=""
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  E2E_DB=$(npx tsx tests/support/postgres-database.ts create)
  export E2E_DATABASE_URL="$E2E_DB"
fi
cleanup() { if [ -n "$E2E_DB" ]; then npx tsx tests/support/postgres-database.ts drop "$E2E_DB" || true; fi; }
trap cleanup EXIT
echo "== browser tests (Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME="$ARTIFACTS/playwright.json" npx playwright test --reporter=list,json

CLUSTER_JSON=""
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  # Real HAProxy and three production instances on PostgreSQL, kill -9 and a rolling restart under load.
  echo "== cluster failover (HAProxy + PostgreSQL, slow: about a minute)"
  if ! command -v haproxy >/dev/null && [ ! -x /usr/sbin/haproxy ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
      echo "Installing Debian's haproxy for the cluster tests…"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null
    else
      echo "The cluster tests need HAProxy. Install it with: sudo apt-get install -y haproxy" >&2
      exit 1
    fi
  fi
  CLUSTER_JSON="$ARTIFACTS/vitest-cluster.json"
  npx vitest run --config tests/cluster/vitest.config.ts --reporter=default --reporter=json --outputFile.json="$CLUSTER_JSON"
else
  echo "== cluster failover: needs PostgreSQL (set TEST_DATABASE_URL)"
fi

node tests/support/summarise.mjs "$ARTIFACTS/vitest.json" "$ARTIFACTS/playwright.json" $CLUSTER_JSON
