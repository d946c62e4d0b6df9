// Starts the wasm app, loads the full app when asked, and registers the offline service worker.
//
// Trunk's own loader is an inline <script>, which the page's Content-Security-Policy forbids
// (script-src 'self'). Trunk.toml's pattern_script leaves the two file names in <meta> tags
// instead, and this file, an ordinary same-origin module, does the loading.

function builtUrl(name) {
  const meta = document.querySelector(`meta[name="${name}"]`);
  if (!meta) throw new Error(`<meta name="${name}"> is missing: is this page a Trunk build?`);
  return new URL(meta.content, document.baseURI).href;
}

async function startApp() {
  const { default: init } = await import(builtUrl('kjd-app-js'));
  const wasm = await init({ module_or_path: builtUrl('kjd-app-wasm') });
  dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
}

// The full app (src/bin/full_app.rs: full_app.js + full_app_bg.wasm) is a second wasm module that
// the first-load app (src/app/lite.rs) loads when the user first needs it, through these two.
let fullApp = null;
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
globalThis.kjdLoader = Object.freeze({
  // Resolves to the initialised module, once; a failure (offline, say) is forgotten so a later
  // call retries.
  loadFullApp(jsUrl, wasmUrl) {
    fullApp ??= import(jsUrl)
      .then(async (module) => {
        await module.default({ module_or_path: wasmUrl });
        // Each step in a task of its own, so none blocks the page for long: see warm_up_full in
        // src/app/mod.rs.
        await nextTask();
        module.warm_up();
        await nextTask();
        return module;
      })
      .catch((error) => {
        fullApp = null;
        throw error;
      });
    return fullApp;
  },
  // Mounts the full app with the first-load app's state (JSON, see src/app/handover.rs).
  startFullApp(module, handover) {
    module.start(handover);
  },
});

function showBootError(error) {
  console.error('The app failed to start:', error);
  const p = document.createElement('p');
  p.className = 'panic-banner'; // styled like the app's own fatal-error banner
  p.setAttribute('role', 'alert');
  p.dataset.testid = 'boot-error';
  p.textContent = `The app failed to start: ${error}`;
  document.body.prepend(p);
}

// Offline use: sw.js caches this build's own files. Service workers need a secure context
// (https or localhost); elsewhere the app still works, just not offline.
function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker
    .register(new URL('sw.js', import.meta.url))
    .catch((error) => console.warn('Offline mode unavailable: service worker not registered:', error));
}

registerServiceWorker();
startApp().catch(showBootError);
