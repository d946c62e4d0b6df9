// Offline support: serves this build's own files from a versioned cache, cache-first, and never
// stores anything else (no tokens, no keys, no other sites).
//
// scripts/trunk-post-build.mjs writes the build's file list and version between the markers:
// every file of the build (the page's app and the crypto worker alike) is cached at install.
// Debug builds (`trunk serve`) get an empty list, so during development everything comes from
// the network.
const BUILD = /* kjd:build */ { "version": "unbuilt", "precache": [] } /* /kjd:build */;

// Several copies may share an origin under different sub-paths, so cache names carry the scope.
const SCOPE = new URL('./', self.location.href).href;
const CACHE_PREFIX = `kjd ${SCOPE} `;
const CACHE = CACHE_PREFIX + BUILD.version;
const INDEX = new URL('index.html', SCOPE).href;
const FILES = new Set(BUILD.precache.map((file) => new URL(file, SCOPE).href));

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    if (FILES.size > 0) {
      const cache = await caches.open(CACHE);
      // 'no-cache' revalidates with the server, so the cache holds exactly what the server has
      // now, and a file the page has just fetched is not downloaded a second time.
      await cache.addAll([...FILES].map((url) => new Request(url, { cache: 'no-cache' })));
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
    if (cached) return cached;
    const response = await fetch(event.request);
    if (response.ok) {
      // Missing from the cache (evicted, or the install's fetch failed): keep it for next time
      // (the clone, since the page reads the original).
      const copy = response.clone();
      event.waitUntil(caches.open(CACHE).then((cache) => cache.put(key, copy)));
    }
    return response;
  })());
});
