// Offline support: serves this build's own files from a versioned cache, cache-first, and never
// stores anything else (no tokens, no keys, no other sites).
//
// scripts/trunk-post-build.mjs writes the build's file list and version between the markers. Debug
// builds (`trunk serve`) get an empty list, so during development everything comes from the network.
const BUILD = /* kjd:build */ { "version": "unbuilt", "files": [] } /* /kjd:build */;

// Several copies may share an origin under different sub-paths, so cache names carry the scope.
const SCOPE = new URL('./', self.location.href).href;
const CACHE_PREFIX = `kjd ${SCOPE} `;
const CACHE = CACHE_PREFIX + BUILD.version;
const INDEX = new URL('index.html', SCOPE).href;
const FILES = new Set(BUILD.files.map((file) => new URL(file, SCOPE).href));

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    if (FILES.size > 0) {
      const cache = await caches.open(CACHE);
      // 'reload' skips the HTTP cache, so the cache holds exactly what the server has now.
      await cache.addAll([...FILES].map((url) => new Request(url, { cache: 'reload' })));
    }
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(CACHE_PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// The cache key of a request for one of this build's files, or null for anything else.
function cacheKey(request) {
  if (request.method !== 'GET') return null;
  const url = new URL(request.url);
  url.hash = '';
  // Opening the app (its directory or index.html, with any query) is opening index.html.
  if (request.mode === 'navigate' && (url.pathname === new URL(SCOPE).pathname ||
      url.origin + url.pathname === INDEX)) {
    return FILES.has(INDEX) ? INDEX : null;
  }
  return FILES.has(url.href) ? url.href : null;
}

self.addEventListener('fetch', (event) => {
  const key = cacheKey(event.request);
  if (key === null) return; // not ours: the browser handles it as if there were no worker
  event.respondWith((async () => {
    const cached = await caches.match(key, { cacheName: CACHE });
    return cached ?? fetch(event.request);
  })());
});
