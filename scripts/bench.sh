#!/usr/bin/env bash
# Measures the playground: runs the simulator throughput benchmark (when
# benches/throughput.rs exists), then reports the size of the release build,
# raw and gzip -9, for the app's .wasm, .js and .css files in dist/.
# SKIP_BUILD=1 measures the dist/ already there instead of rebuilding it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

"$ROOT/scripts/setup.sh" >/dev/null

if [[ -f benches/throughput.rs ]]; then
  echo "bench: cargo bench --bench throughput"
  cargo bench --bench throughput
else
  echo "bench: no benches/throughput.rs, skipping the throughput benchmark"
fi

# Frame cost in headless Chromium: one animation frame's script time with
# 100 servers at 50,000 requests/s, built with the page's own profile (`web`, size-optimized).
echo "bench: frame cost in the browser (tests/frame_bench.rs)"
frame_log="$ROOT/target/frame-bench.log"
mkdir -p "$ROOT/target"
if cargo test --profile web --target wasm32-unknown-unknown --test frame_bench -- --nocapture >"$frame_log" 2>&1; then
  grep -E "frame script time|test result" "$frame_log"
else
  cat "$frame_log"
  echo "bench: the frame benchmark failed (output above)" >&2
  exit 1
fi

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "bench: trunk build --release --offline"
  trunk build --release --offline
fi

shopt -s nullglob
# The example course page's own script and style (embed-example.*) are not the app's.
files=()
for f in dist/*.wasm dist/*.js dist/*.css; do
  [[ "$(basename "$f")" == embed-example.* ]] || files+=("$f")
done
if [[ ${#files[@]} -eq 0 ]]; then
  echo "bench: no .wasm/.js/.css files in dist/" >&2
  exit 1
fi

echo
printf '%-50s %12s %12s\n' "release asset" "raw bytes" "gzip -9"
total_raw=0
total_gz=0
for f in "${files[@]}"; do
  raw=$(wc -c < "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  total_raw=$((total_raw + raw))
  total_gz=$((total_gz + gz))
  printf '%-50s %12d %12d\n' "$f" "$raw" "$gz"
done
printf '%-50s %12d %12d\n' "total (wasm + js + css)" "$total_raw" "$total_gz"

# Whole-page frame cost in headless Chromium against the release build just measured.
echo
echo "bench: whole-page frame cost (tests/e2e/frame-cost.mjs)"
(cd tests/e2e && node frame-cost.mjs)
