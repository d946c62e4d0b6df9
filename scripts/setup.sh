#!/usr/bin/env bash
# Installs every tool that `make serve` and `make test` need, from package registries only
# (crates.io, npm, Debian apt): no tool may download binaries of its own, because this kind of
# machine (and CI) reaches nothing else.
#
# Idempotent: each step checks first and prints what it skips, so a second run takes seconds.
# Usage: scripts/setup.sh [step...]   steps: target apt trunk wasm-bindgen npm (default: all)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

TRUNK_VERSION=0.21.14

# cargo-installed tools land here; a non-login shell (CI) may not have it on PATH yet.
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n==> %s\n' "$*"; }
skip() { printf '    skip: %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# The wasm32 target for the app and the in-browser tests.
setup_target() {
  step "Rust target wasm32-unknown-unknown"
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    skip "already installed"
  else
    rustup target add wasm32-unknown-unknown
  fi
}

# Debian's Chromium and ChromeDriver: browser tests must not download a browser build.
# Node.js and npm come with this kind of machine; installed here only if a machine lacks them.
setup_apt() {
  step "Debian packages: chromium, chromium-driver (and nodejs/npm if missing)"
  local missing=() pkg
  for pkg in chromium chromium-driver; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
  if [ "${#missing[@]}" -eq 0 ]; then
    skip "all present ($(chromium --version 2>/dev/null | head -n1))"
  else
    echo "    installing: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
  # playwright-core needs Node.js 20 or later; Debian 12's own nodejs package is 18.
  if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)'; then
    echo "error: Node.js $(node --version) is too old: the end-to-end tests need Node.js 20 or later" >&2
    exit 1
  fi
}

# Trunk 0.21.14: 0.22 needs a newer rustc than the machine's 1.95. --locked keeps its
# dependency tree to the one its authors tested.
setup_trunk() {
  step "trunk $TRUNK_VERSION"
  if [ "$(trunk --version 2>/dev/null || true)" = "trunk $TRUNK_VERSION" ]; then
    skip "trunk $TRUNK_VERSION already installed"
  else
    # Without TLS and the update check (the offline build needs neither) and without LTO:
    # about 6 minutes on 2 cores instead of 8, and the same dist/ byte for byte.
    echo "    cargo install (about 6 minutes on 2 cores)"
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
      cargo install --locked trunk --version "$TRUNK_VERSION" --no-default-features
  fi
}

# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock exactly, or Trunk tries to download
# its own copy (and fails offline) and wasm-bindgen-test-runner refuses to run.
setup_wasm_bindgen() {
  local want
  want="$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
  if [ -z "$want" ]; then
    echo "error: no wasm-bindgen in Cargo.lock" >&2
    exit 1
  fi
  step "wasm-bindgen-cli $want (the version in Cargo.lock)"
  if [ "$(wasm-bindgen --version 2>/dev/null || true)" = "wasm-bindgen $want" ] &&
     [ "$(wasm-bindgen-test-runner --version 2>/dev/null || true)" = "wasm-bindgen-test-runner $want" ]; then
    skip "wasm-bindgen $want already installed"
  else
    # Not --locked: the crate's own lockfile pins a webpki-roots version that crates.io no longer has.
    echo "    cargo install (about 3 minutes on 2 cores)"
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
      cargo install wasm-bindgen-cli --version "$want"
  fi
}

# playwright-core (e2e driver) and binaryen (wasm-opt for release builds) at the versions in
# package-lock.json, into ./node_modules. A stamp of the lockfile's hash makes the re-run free.
setup_npm() {
  step "npm packages from package-lock.json (playwright-core, binaryen)"
  local stamp=node_modules/.kjd-lock.sha256 want
  want="$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
     [ -x node_modules/.bin/wasm-opt ] && [ -d node_modules/playwright-core ]; then
    skip "node_modules matches package-lock.json"
  else
    npm ci --no-audit --no-fund
    echo "$want" >"$stamp"
  fi
}

steps=("$@")
[ "${#steps[@]}" -gt 0 ] || steps=(target apt trunk wasm-bindgen npm)
for s in "${steps[@]}"; do
  case "$s" in
    target) setup_target ;;
    apt) setup_apt ;;
    trunk) setup_trunk ;;
    wasm-bindgen) setup_wasm_bindgen ;;
    npm) setup_npm ;;
    *) echo "unknown step: $s" >&2; exit 2 ;;
  esac
done
printf '\nsetup: done\n'
