#!/usr/bin/env bash
# Runs every check of the project, in order, and stops at the first failure:
# formatting, lints (native and wasm), native tests, browser unit tests,
# the release build, and the end-to-end tests in Chromium.
# Ends with a line "test.sh: N passed, M failed".
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

"$ROOT/scripts/setup.sh"

passed=0
# step NAME COMMAND...: prints the name, runs the command, counts the result.
step() {
  local name="$1"; shift
  echo
  echo "=== test.sh: $name"
  local start=$SECONDS
  if "$@"; then
    passed=$((passed + 1))
    echo "=== test.sh: $name: ok ($((SECONDS - start))s)"
  else
    echo "=== test.sh: $name: FAILED"
    echo "test.sh: $passed passed, 1 failed"
    exit 1
  fi
}

# Browser unit tests: wasm-bindgen-test-runner (the runner set in
# .cargo/config.toml) starts chromedriver, which starts headless Chromium.
# Slow shared machines need more than the default 20 s per test and 5 s
# for chromedriver to come up.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-300}"
export WASM_BINDGEN_TEST_DRIVER_TIMEOUT="${WASM_BINDGEN_TEST_DRIVER_TIMEOUT:-60}"

step "cargo fmt --check" cargo fmt --check
step "clippy (native, all targets)" cargo clippy --all-targets -- -D warnings
step "clippy (wasm app and browser tests)" cargo clippy --target wasm32-unknown-unknown --lib --bins --tests -- -D warnings
step "native tests" cargo test
step "browser unit tests (wasm in Chromium)" cargo test --target wasm32-unknown-unknown --test web
step "release build (trunk)" trunk build --release --offline
step "end-to-end tests (Playwright)" bash -c 'cd tests/e2e && playwright test'

echo
echo "test.sh: $passed passed, 0 failed"
