#!/usr/bin/env bash
# The long run of the storage theory check: a two-disk mirror's mean time to
# data loss, measured through the world's disk chaos, against RAID-1 theory,
# (3λ + μ) / (2λ²), for four ratios of MTTR to MTBF and about 50,000–100,000
# data losses each (about a minute on two cores). `cargo test` runs the same
# test with one ratio and about 20,000 losses.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

SOAK_STORAGE=1 cargo test --test database \
  a_two_disk_mirror_under_disk_chaos_loses_its_data_after_the_mean_time_raid_theory_gives \
  -- --exact --nocapture
