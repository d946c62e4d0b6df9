// The crypto worker's entry script (src/app/engine.rs starts it by this name): loads Trunk's
// glue for src/bin/crypto_worker.rs and its wasm. A wasm that fails to load inside a worker raises
// nothing the page can see, so the failure is posted to the page, which shows it in engine-status.
importScripts('./crypto_worker.js');
wasm_bindgen({ module_or_path: './crypto_worker_bg.wasm' }).catch((error) => {
  postMessage({ bootError: String((error && error.message) || error) });
});
