#!/usr/bin/env bash
# `make bench`: builds the release site, then measures it in headless Chromium (first load and the
# #/bench page, engine vs WebCrypto) and writes the table into README.md between
# <!-- bench:start --> and <!-- bench:end -->. Arguments go to scripts/bench.mjs (--quick, --no-readme).
# KJD_DIST=/some/dir builds and measures there instead of dist/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
export KJD_DIST="${KJD_DIST:-dist}"
echo "==> trunk build --release --dist $KJD_DIST"
trunk build --release --dist "$KJD_DIST"
echo "==> benchmark (scripts/bench.mjs)"
node scripts/bench.mjs "$@"
