#!/usr/bin/env bash
# The long run of the attack checks: each attack with and without its fitting
# defence, SYN cookies and the table, and the intrusion detector against the
# NAT, over seeds 1–40 instead of 1–3, and the conservation property over 3,000
# random attacks and defences instead of 96 (about half a minute on two cores).
# The figures each test prints are the ones its comments quote.
# `./scripts/attack-sweep.sh 100 10000` sweeps further.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

ATTACK_SEEDS="${1:-40}" PROPTEST_CASES="${2:-3000}" cargo test --release --test attacks \
  -- --nocapture --test-threads 2
