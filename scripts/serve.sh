#!/usr/bin/env bash
# Builds the app (debug) and serves it on http://127.0.0.1:8080, rebuilding on every change.
# Reload the page yourself: Trunk's live-reload script would break the page's strict CSP.
# Extra arguments go to `trunk serve`, e.g. `scripts/serve.sh --release`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
echo "==> trunk serve on http://127.0.0.1:8080/ (Ctrl-C stops)"
exec trunk serve "$@"
