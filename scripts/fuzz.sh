#!/usr/bin/env bash
# Runs every cargo-fuzz target for a bounded time and prints executions and crashes per target.
#
#   scripts/fuzz.sh            # 60 s per target
#   FUZZ_SECONDS=600 scripts/fuzz.sh decode key_import
#
# cargo-fuzz needs a nightly toolchain (sanitizers). On a machine without one this script says so and
# exits 0: fuzzing is a tool for developers, not a gate for CI.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-60}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then targets=(decode key_import jwks profiles); fi

if ! rustup toolchain list | grep -q '^nightly'; then
  echo "fuzz: no nightly toolchain here (cargo-fuzz needs one); skipping. Install: rustup toolchain install nightly"
  exit 0
fi
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz from crates.io"
  cargo install --locked cargo-fuzz
fi

# Seed corpora from the test vectors, so the fuzzer starts from real tokens, keys and key sets.
python3 - <<'PY'
import json, os, glob, hashlib
def put(target, text):
    d = f"fuzz/corpus/{target}"
    os.makedirs(d, exist_ok=True)
    data = text.encode() if isinstance(text, str) else text
    open(f"{d}/{hashlib.sha1(data).hexdigest()}", "wb").write(data)
def walk(value, found):
    if isinstance(value, dict):
        for k, v in value.items():
            if k in ("keys",) and isinstance(v, list):
                put("jwks", json.dumps(value))
            if k in ("jwk", "publicKeyJwk", "keyJwk", "public", "private") and isinstance(v, dict):
                put("key_import", json.dumps(v))
            walk(v, found)
    elif isinstance(value, list):
        for v in value:
            walk(v, found)
    elif isinstance(value, str):
        if value.count(".") == 2 and value.startswith("ey"):
            put("decode", value)
            parts = value.split(".")
            put("profiles", parts[0] + "\0" + parts[1])
        elif value.startswith("-----BEGIN"):
            put("key_import", value)
files = glob.glob("tests/vectors/rfc/**/*.json", recursive=True) + glob.glob("tests/vectors/koppeltaal/*.json")
files += ["tests/vectors/wycheproof/testvectors_v1/json_web_signature_test.json",
          "tests/vectors/wycheproof/testvectors_v1/json_web_key_test.json"]
for f in files:
    walk(json.load(open(f)), None)
for scope in ["system/*.cruds", "system/Task.crus?resource-origin=Device/abc", "system/Patient.rs"]:
    put("profiles", scope)
PY

summary=()
for target in "${targets[@]}"; do
  echo "fuzz: $target for ${seconds}s"
  log="fuzz/$target.log"
  status=0
  (cd fuzz && cargo +nightly fuzz run "$target" "corpus/$target" -- \
      -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -print_final_stats=1) >"$log" 2>&1 || status=$?
  execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)
  crashes=$(ls "fuzz/artifacts/$target" 2>/dev/null | grep -c . || true)
  summary+=("$target: ${execs:-?} executions, ${crashes} crash artifacts, exit $status")
  if [ "$status" -ne 0 ]; then tail -40 "$log"; fi
done
printf '%s\n' "${summary[@]}"
