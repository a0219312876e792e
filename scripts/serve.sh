#!/usr/bin/env bash
# Builds the playground and serves it at http://127.0.0.1:8080/ (PORT=NNNN
# picks another port), rebuilding and reloading the page when files change.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

"$ROOT/scripts/setup.sh"

port="${PORT:-8080}"
echo "serve: http://127.0.0.1:$port/"
exec trunk serve --offline --address 127.0.0.1 --port "$port"
