#!/usr/bin/env bash
# `make bench`: builds the release site, then measures it in headless Chromium (first load and the
# #/bench page, engine vs WebCrypto) and writes the table into README.md between
# <!-- bench:start --> and <!-- bench:end -->. Arguments go to scripts/bench.mjs (--quick, --no-readme).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
echo "==> trunk build --release"
trunk build --release
echo "==> benchmark (scripts/bench.mjs)"
node scripts/bench.mjs "$@"
