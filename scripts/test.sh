#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine, then runs
# every test: type checking, lint, unit and database tests (SQLite and
# PostgreSQL), and the end-to-end tests in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

step() { echo; echo "=== $* ($(( $(date +%s) - start ))s)"; }

step "Debian packages"
need=()
command -v pg_ctlcluster >/dev/null || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

step "npm packages"
# `npm install` (not `npm ci`): npm 11 leaves other platforms' optional
# binaries (@swc/core-*) out of the lock file, which `npm ci` then refuses.
npm install --no-audit --no-fund

# From here on: one non-interactive Jest run, no watch mode.
export CI=true

step "PostgreSQL"
eval "export $(bash scripts/ci-setup-postgres.sh | tail -1)"

failed=()
run() {
  local name=$1; shift
  step "$name"
  if "$@"; then echo "--- $name: passed"; else echo "--- $name: FAILED"; failed+=("$name"); fi
}

run "type check (tsc)" npx tsc --noEmit
run "lint" npx backstage-cli repo lint
run "unit and database tests" npx backstage-cli repo test --ci
run "end-to-end (Playwright, Chromium)" node scripts/e2e.js

step "summary"
total=4
echo "suites: $(( total - ${#failed[@]} )) passed, ${#failed[@]} failed"
if [ ${#failed[@]} -gt 0 ]; then
  printf 'failed: %s\n' "${failed[@]}"
  exit 1
fi
