// Shared end-to-end harness: serves the release build (dist/) under a sub-path on 127.0.0.1 and
// opens it in Debian's headless Chromium through playwright-core, recording every request,
// console error and Content-Security-Policy violation.
//
//   const app = await openApp('#/sign');  // route appended to the app's base URL
//   await app.page.getByTestId('token-input').fill(token);
//   assert.deepEqual(app.cspViolations, []);
//   await app.close();
//
// Drive the UI only through data-testid attributes (page.getByTestId).
import { chromium } from 'playwright-core';
import { createReadStream } from 'node:fs';
import { stat, readdir } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The built site; `KJD_DIST` overrides it. */
export const DIST = path.resolve(repoRoot, process.env.KJD_DIST ?? 'dist');
/** Not the server root, to prove the build works from any sub-path (Trunk's public_url "./"). */
export const SUB_PATH = '/some/sub/path/';

// Headless as root on a machine with a closed network: without the background-networking flags
// Chromium keeps trying (and failing) to reach Google's hosts.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  // instantiateStreaming() insists on this type.
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

/** True for paths with a segment starting with '.', such as Trunk's staging dir dist/.stage/. */
const isHidden = (relative) => relative.split(/[\\/]/).some((segment) => segment.startsWith('.'));

/** The build's files, relative to dist/ with '/' separators (hidden files are not part of it). */
export async function distFiles(dist = DIST) {
  const entries = await readdir(dist, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dist, path.join(entry.parentPath ?? entry.path, entry.name)))
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => !isHidden(file))
    .sort();
}

/**
 * A static file server for `dist` under `subPath`, on 127.0.0.1 and a free port. Only GET and HEAD;
 * anything outside the build is a 404. `headers` are added to every file served. `requests` lists
 * what reached the server.
 */
export async function startServer({ dist = DIST, subPath = SUB_PATH, headers = {} } = {}) {
  const requests = [];
  const server = http.createServer(async (req, res) => {
    requests.push({ method: req.method, url: req.url });
    const send = (status, body = '', headers = {}) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');
    const { pathname } = new URL(req.url, 'http://localhost');
    if (pathname === subPath.slice(0, -1)) return send(301, '', { location: subPath });
    if (!pathname.startsWith(subPath)) return send(404, 'not found');
    let relative;
    try {
      relative = decodeURIComponent(pathname.slice(subPath.length)) || 'index.html';
    } catch {
      return send(400, 'bad path');
    }
    const file = path.resolve(dist, relative);
    if (!file.startsWith(dist + path.sep) || isHidden(relative)) return send(404, 'not found');
    try {
      const info = await stat(file);
      if (!info.isFile()) return send(404, 'not found');
      res.writeHead(200, {
        'content-type': MIME_TYPES[path.extname(file)] ?? 'application/octet-stream',
        'content-length': info.size,
        'x-content-type-options': 'nosniff',
        ...headers,
      });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).pipe(res);
    } catch {
      send(404, 'not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    baseUrl: origin + subPath,
    requests,
    /** Stops serving and drops open connections: afterwards the app's host is really gone. */
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Launches a fresh headless Chromium (Playwright gives each launch a new empty profile). */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.KJD_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * Serves dist/, opens the app at `route` (appended to the base URL, e.g. '' or '#/keys') in a
 * fresh browser, and records:
 *   requests       every request the page or its service worker made: {method, url, resourceType, fromServiceWorker}
 *   consoleErrors  console.error messages and uncaught exceptions
 *   consoleWarnings console.warn messages (the browser's own, e.g. an unused preload, included)
 *   cspViolations  securitypolicyviolation events: {directive, blockedUri, sourceFile, sample}
 * `headers` go on every response (e.g. a Content-Security-Policy header, as a host would send);
 * `dist` serves another build directory;
 * `viewport` sets the window size (e.g. { width: 390, height: 844 } for a phone).
 * `close()` closes the browser and stops the server.
 */
export async function openApp(route = '', { waitUntil = 'load', headers = {}, dist = DIST, viewport } = {}) {
  const server = await startServer({ headers, dist });
  const browser = await launchBrowser();
  const context = await browser.newContext(viewport ? { viewport } : {});
  const requests = [];
  const consoleErrors = [];
  const consoleWarnings = [];
  const cspViolations = [];

  context.on('request', (request) => {
    requests.push({
      method: request.method(),
      url: request.url(),
      resourceType: request.resourceType(),
      fromServiceWorker: Boolean(request.serviceWorker()),
    });
  });
  await context.exposeBinding('__kjdReportCspViolation', (_source, violation) => {
    cspViolations.push(violation);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__kjdReportCspViolation({
        directive: event.effectiveDirective,
        blockedUri: event.blockedURI,
        sourceFile: event.sourceFile,
        sample: event.sample,
      });
    });
  });

  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('console', (message) => {
    // With the resource's URL: a failed load says only "net::ERR_…" without it.
    const where = message.location()?.url;
    if (message.type() === 'error') consoleErrors.push(where ? `${message.text()} (at ${where})` : message.text());
    if (message.type() === 'warning') consoleWarnings.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));

  await page.goto(server.baseUrl + route, { waitUntil });
  return {
    page,
    context,
    browser,
    server,
    baseUrl: server.baseUrl,
    requests,
    consoleErrors,
    consoleWarnings,
    cspViolations,
    close: async () => {
      await browser.close();
      await server.stop();
    },
  };
}

/**
 * The recorded requests that are not a GET of one of the build's own files (data: and blob: URLs
 * never leave the browser, so they count as own). Empty means the app talked to nobody.
 */
export async function foreignRequests(requests, baseUrl, dist = DIST) {
  const own = new Set((await distFiles(dist)).map((file) => new URL(file, baseUrl).href));
  own.add(baseUrl);
  return requests.filter((request) => {
    if (request.url.startsWith('data:') || request.url.startsWith('blob:')) return false;
    const url = new URL(request.url);
    url.search = '';
    url.hash = '';
    return request.method !== 'GET' || !own.has(url.href);
  });
}
