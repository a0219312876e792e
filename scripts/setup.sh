#!/usr/bin/env bash
# Installs everything needed to build, serve and test the playground.
# Safe to run again: each step checks first and only installs what is
# missing or at the wrong version, so a second run takes seconds.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

say() { echo "setup: $*"; }

for tool in rustup cargo node npm; do
  command -v "$tool" >/dev/null || { echo "setup: $tool is missing; it comes with the machine" >&2; exit 1; }
done

# Rust: the WebAssembly target plus the formatter and linter.
if rustup target list --installed | grep -x wasm32-unknown-unknown >/dev/null; then
  say "wasm32-unknown-unknown target: present"
else
  say "wasm32-unknown-unknown target: installing"
  rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  if rustup component list --installed | grep "^$component" >/dev/null; then
    say "$component: present"
  else
    say "$component: installing"
    rustup component add "$component"
  fi
done

# Trunk builds and serves the app.
if [[ "$(trunk --version 2>/dev/null)" == "trunk $TRUNK_VERSION" ]]; then
  say "trunk $TRUNK_VERSION: present"
else
  say "trunk $TRUNK_VERSION: installing (takes about 5 minutes)"
  cargo install --locked "trunk@$TRUNK_VERSION"
fi

# wasm-bindgen must match the wasm-bindgen crate exactly; the same package
# brings wasm-bindgen-test-runner for the browser unit tests.
# (No --locked: its lock file names a crate version the registry no longer has.)
if [[ "$(wasm-bindgen --version 2>/dev/null)" == "wasm-bindgen $WASM_BINDGEN_VERSION" ]] &&
   command -v wasm-bindgen-test-runner >/dev/null; then
  say "wasm-bindgen-cli $WASM_BINDGEN_VERSION: present"
else
  say "wasm-bindgen-cli $WASM_BINDGEN_VERSION: installing (takes about 2 minutes)"
  cargo install --force "wasm-bindgen-cli@$WASM_BINDGEN_VERSION"
fi

# Chromium and chromedriver from Debian, for the browser tests.
if dpkg-query -W -f='${Status}\n' chromium chromium-driver 2>/dev/null |
   grep -c "install ok installed" | grep -qx 2; then
  say "chromium + chromedriver: present"
else
  say "chromium + chromedriver: installing"
  # Installing system packages needs root: use sudo when not already root.
  as_root=()
  [[ $EUID -eq 0 ]] || as_root=(sudo)
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
fi

# npm tools in tests/e2e: wasm-opt (binaryen), Playwright and axe.
# node_modules is reinstalled whenever package-lock.json changes; the hash
# of the lock file it was installed from is kept in node_modules/.lock-hash.
cd "$ROOT/tests/e2e"
if [[ ! -f package-lock.json ]]; then
  say "npm packages: no lock file, running npm install"
  npm install --no-audit --no-fund
  sha256sum package-lock.json > node_modules/.lock-hash
elif [[ -d node_modules ]] && sha256sum --status -c node_modules/.lock-hash 2>/dev/null; then
  say "npm packages: present"
else
  say "npm packages: installing with npm ci"
  npm ci --no-audit --no-fund
  sha256sum package-lock.json > node_modules/.lock-hash
fi
if [[ "$(wasm-opt --version)" != *"version $BINARYEN_VERSION "* ]]; then
  echo "setup: wasm-opt on PATH is not version $BINARYEN_VERSION: $(command -v wasm-opt)" >&2
  exit 1
fi

say "done"
