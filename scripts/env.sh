# Shared settings for the project's scripts; source it, don't run it.
#
# Puts cargo's binaries (trunk, wasm-bindgen, wasm-bindgen-test-runner) and
# the npm tools of tests/e2e (wasm-opt, playwright) on PATH, and tells the
# browser tests where Debian's chromedriver lives.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
export PATH="$ROOT/tests/e2e/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
# Playwright drives the system Chromium, so it must never fetch a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

# Versions the project is pinned to (Trunk.toml names the same ones).
TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
BINARYEN_VERSION=132
