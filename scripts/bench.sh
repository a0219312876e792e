#!/usr/bin/env bash
# Measures the playground and prints every figure with the command that made it:
#   1. the headless runner on the bundled scenario static/scenarios/hundred-servers.json
#      (3600 simulated s; built by cargo and by scripts/runner-pgo.sh), the same model as a bare Rust event loop (benches/bare_loop.rs) and
#      in SimPy (scripts/simpy_model.py, SimPy installed into target/simpy-venv when missing),
#      and the ratios between them;
#   2. memory over a soak at the highest arrival rate with servers churning (benches/soak.rs);
#   3. the simulator throughput benchmark (benches/throughput.rs);
#   4. the frame cost and the wasm memory of a soak in headless Chromium (tests/frame_bench.rs);
#   5. the size of the release build, raw and gzip -9, for the app's .wasm, .js and .css files
#      in dist/, and the whole page's frame cost against it (tests/e2e/frame-cost.mjs).
# SKIP_BUILD=1 measures the dist/ already there instead of rebuilding it.
# SIMPY_SECONDS (default 100) sets SimPy's simulated span: a few wall seconds.
# SOAK_SECONDS (default 3600) sets the native soak's simulated span. The full hour takes longer
# than all the rest together: at 200,000 requests per simulated second it simulates 720 million
# requests, 4 to 8 minutes at the 1.6–2.7 M simulated requests per wall second the soak ran at
# on 2 shared cores. With SOAK_SECONDS=600 the whole script took 7.3 minutes (the runner's
# profile-guided build included).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
script_start=$SECONDS

"$ROOT/scripts/setup.sh" >/dev/null
mkdir -p "$ROOT/target"

# The first number in the last line of $1 that says "<number> M simulated requests per wall
# second" or "<number> simulated requests per wall second", as requests per wall second.
rate_in() {
  python3 - "$1" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
m = re.findall(r"([0-9.]+) (M )?simulated requests per wall second", text)
if not m:
    sys.exit("bench: no rate found in " + sys.argv[1])
value, mega = m[-1]
print(float(value) * (1e6 if mega else 1.0))
PY
}

# 1. The same model three ways: the runner, a bare event loop, SimPy. The runner is timed as
# `cargo build --release` makes it and as scripts/runner-pgo.sh makes it (built for speed with
# profile-guided optimisation; the same output); the ratios use the second.
echo "bench: cargo build --release --bin simulate"
cargo build --release --bin simulate
echo "bench: scripts/runner-pgo.sh"
pgo_runner="$("$ROOT/scripts/runner-pgo.sh")"
model=static/scenarios/hundred-servers.json

# Times runner $1 on the model and prints a line that names $2, the command that built it.
time_runner() {
  local runner_cmd="$1 $model --seconds 3600"
  local runner_json="$ROOT/target/bench-runner.json"
  local start end
  start=$(date +%s.%N)
  $runner_cmd >"$runner_json"
  end=$(date +%s.%N)
  python3 - "$runner_json" "$start" "$end" "$runner_cmd" "$2" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
wall = float(sys.argv[3]) - float(sys.argv[2])
arrived, served = report["arrived"], report["served"]
dropped = sum(report["dropped"].values())
print(
    f"runner ({sys.argv[4]}, built by {sys.argv[5]}, timed): {arrived / wall / 1e6:.2f} M simulated "
    f"requests per wall second ({arrived} requests arrived in {wall:.3f} s); served {served} "
    f"({100 * served / arrived:.2f}%), dropped {dropped}, in flight {report['in_flight']}, "
    f"mean latency {report['latency_ms']['mean']:.1f} ms"
)
PY
}
time_runner target/release/simulate "cargo build --release"
runner_line="$(time_runner "$pgo_runner" scripts/runner-pgo.sh)"
echo "$runner_line"
echo "$runner_line" >"$ROOT/target/bench-runner.log"
runner_rate=$(rate_in "$ROOT/target/bench-runner.log")

echo "bench: cargo bench --bench bare_loop"
cargo bench --bench bare_loop | tee "$ROOT/target/bench-bare-loop.log"
bare_rate=$(rate_in "$ROOT/target/bench-bare-loop.log")

simpy_python="$ROOT/target/simpy-venv/bin/python"
if ! "$simpy_python" -c 'import simpy, sys; sys.exit(simpy.__version__ != "4.1.2")' 2>/dev/null; then
  echo "bench: installing SimPy 4.1.2 into target/simpy-venv"
  python3 -m venv "$ROOT/target/simpy-venv"
  "$ROOT/target/simpy-venv/bin/pip" install --quiet simpy==4.1.2
fi
simpy_cmd="target/simpy-venv/bin/python scripts/simpy_model.py ${SIMPY_SECONDS:-100}"
echo "bench: $simpy_cmd"
$simpy_cmd | sed "s|^SimPy|SimPy model ($simpy_cmd), SimPy|" | tee "$ROOT/target/bench-simpy.log"
simpy_rate=$(rate_in "$ROOT/target/bench-simpy.log")

echo
echo "bench: ratios of the three figures above (the same model, simulated requests per wall second)"
python3 - "$runner_rate" "$simpy_rate" "$bare_rate" <<'PY'
import sys
runner, simpy, bare = map(float, sys.argv[1:])
print(f"  runner / SimPy    = {runner / simpy:6.1f}x  (target >= 60x)  [{runner / 1e6:.2f} M / {simpy / 1e3:.1f} k]")
print(f"  runner            = {runner / 1e6:6.2f} M   (target >= 5 M simulated requests per wall second)")
print(f"  bare loop / runner = {bare / runner:6.2f}x  (target <= 2x)   [{bare / 1e6:.2f} M / {runner / 1e6:.2f} M]")
PY
echo

# 2. Memory over a soak: the whole simulated hour by default (the longest part, see above).
echo "bench: SOAK_SECONDS=${SOAK_SECONDS:-3600} cargo bench --bench soak"
SOAK_SECONDS="${SOAK_SECONDS:-3600}" cargo bench --bench soak

# 3. The engine's throughput.
if [[ -f benches/throughput.rs ]]; then
  echo "bench: cargo bench --bench throughput"
  cargo bench --bench throughput | sed 's|^|throughput (cargo bench --bench throughput): |'
else
  echo "bench: no benches/throughput.rs, skipping the throughput benchmark"
fi

# 4. Frame cost in headless Chromium: one animation frame's script time with
# 100 servers at 50,000 requests/s, built with the page's own profile (`web`, size-optimized),
# and the wasm memory of a soak. The soak alone takes one to two minutes: the test runner's
# default limit for the whole file (20 s) is raised.
frame_cmd="cargo test --profile web --target wasm32-unknown-unknown --test frame_bench -- --nocapture"
echo "bench: $frame_cmd"
frame_log="$ROOT/target/frame-bench.log"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-600}"
export WASM_BINDGEN_TEST_DRIVER_TIMEOUT="${WASM_BINDGEN_TEST_DRIVER_TIMEOUT:-60}"
if $frame_cmd >"$frame_log" 2>&1; then
  grep -E "frame script time|wasm memory|test result" "$frame_log" | sed 's|^|frame bench (tests/frame_bench.rs): |'
else
  cat "$frame_log"
  echo "bench: the frame benchmark failed (output above)" >&2
  exit 1
fi

# 5. The release build's size and the whole page's frame cost.
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
echo "bench: sizes of dist/ (trunk build --release --offline; wc -c and gzip -9 -c | wc -c)"
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
(cd tests/e2e && node frame-cost.mjs) | sed 's|^|frame cost (node tests/e2e/frame-cost.mjs): |'

echo
echo "bench: done in $((SECONDS - script_start)) s (scripts/bench.sh)"
