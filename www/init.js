// Starts the wasm app and registers the offline service worker.
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
