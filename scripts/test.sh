#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine, then runs
# every test: type checking, lint, unit and database tests (SQLite and
# PostgreSQL, Prometheus), the end-to-end tests in Debian's Chromium and the
# reliability suite at bounded sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

step() { echo; echo "=== $* ($(( $(date +%s) - start ))s)"; }

step "Debian packages"
need=()
command -v pg_ctlcluster >/dev/null || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v prometheus >/dev/null || need+=(prometheus)
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
mkdir -p e2e-results
run "unit and database tests" bash -c 'set -o pipefail; npx backstage-cli repo test --ci 2>&1 | tee e2e-results/unit.log'
run "end-to-end (Playwright, Chromium)" bash -c 'set -o pipefail; node scripts/e2e.js 2>&1 | tee e2e-results/e2e.log'
run "reliability (bounded)" bash -c 'set -o pipefail; node scripts/reliability.js 2>&1 | tee e2e-results/reliability.log'

step "summary"
# Test counts from Jest's and Playwright's own closing lines.
strip() { sed 's/\x1b\[[0-9;]*m//g' "$1" 2>/dev/null || true; }
count() { { grep -oE "$2" || true; } | { grep -oE '[0-9]+' || true; } | tail -1; }
unit_passed=$(strip e2e-results/unit.log | { grep -E '^Tests:' || true; } | tail -1 | count - '[0-9]+ passed')
unit_failed=$(strip e2e-results/unit.log | { grep -E '^Tests:' || true; } | tail -1 | count - '[0-9]+ failed')
e2e_passed=$(strip e2e-results/e2e.log | { grep -E '^ +[0-9]+ passed' || true; } | tail -1 | count - '[0-9]+ passed')
e2e_failed=$(strip e2e-results/e2e.log | { grep -E '^ +[0-9]+ failed' || true; } | tail -1 | count - '[0-9]+ failed')
# Each reliability scenario is one test: its summary lines start with PASS or FAIL.
rel_passed=$(strip e2e-results/reliability.log | sed -n '/=== summary/,$p' | { grep -cE '^PASS ' || true; })
rel_failed=$(strip e2e-results/reliability.log | sed -n '/=== summary/,$p' | { grep -cE '^FAIL ' || true; })
echo "checks: $(( 5 - ${#failed[@]} )) of 5 passed (tsc, lint, unit and database tests, end-to-end, reliability)"
echo "tests: $(( ${unit_passed:-0} + ${e2e_passed:-0} + ${rel_passed:-0} )) passed, $(( ${unit_failed:-0} + ${e2e_failed:-0} + ${rel_failed:-0} )) failed"
if [ ${#failed[@]} -gt 0 ]; then
  printf 'failed: %s\n' "${failed[@]}"
  exit 1
fi
