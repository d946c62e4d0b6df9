# Sourced by the other scripts: the tool paths and settings every build and test step shares.

# cargo-installed tools (trunk, wasm-bindgen) and the npm-installed wasm-opt (binaryen), the
# latter first so Trunk uses it rather than any older system binaryen.
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Trunk's update check needs the internet; it only prints a notice anyway.
export TRUNK_SKIP_VERSION_CHECK=true
# Browser tests include RSA key generation, which can take many seconds in wasm (default 20 s).
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-300}"
