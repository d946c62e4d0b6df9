// `make bench` (through scripts/bench.sh, after `trunk build --release`): measures the release
// build in headless Chromium and writes the figures into README.md between
// <!-- bench:start --> and <!-- bench:end --> (appended at the end if the markers are missing).
//
//  1. First load, in fresh browser profiles: navigation → `token-input` on screen (median of 5),
//     and the gzip size of every file the page fetched, and of what the service worker then
//     fetches for offline use.
//  2. The in-page benchmark (#/bench): clicks `bench-run` and reads every `bench-row`.
//  3. A full tour in a fresh profile (issue 11): cold load, paste a token and a key (navigation →
//     first verdict), generate every key type, sign, build a JWKS; every main-thread task of
//     50 ms or more (`longtask`) over the whole tour.
//
// Usage: node scripts/bench.mjs [--quick] [--no-readme]
//   --quick      one run per operation (checks the plumbing; the numbers mean little)
//   --no-readme  print the table only
// Raw results also go to target/bench/results.json.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { createHmac } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIST, launchBrowser, startServer } from '../tests/e2e/harness.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const WRITE_README = !args.has('--no-readme');
const LOADS = 5;
// Other work on the machine skews the figures; the table says how busy it was.
const LOAD_AVERAGE = os.loadavg()[0];
// The crypto worker (src/worker/), started after the first paint: not part of the page's budget
// (tests/e2e/one-app.test.mjs), reported beside it.
const WORKER_FILE = /^crypto_worker[._]/;
const FIRST_LOAD_BUDGET_KB = 200;

const gzipCache = new Map();
async function gzipBytes(file) {
  if (!gzipCache.has(file)) {
    gzipCache.set(file, gzipSync(await readFile(path.join(DIST, file)), { level: 9 }).length);
  }
  return gzipCache.get(file);
}

/** The dist/ file a request URL names, or null for anything else. */
function distFile(url, baseUrl) {
  const u = new URL(url);
  if (!u.href.startsWith(baseUrl)) return null;
  return decodeURIComponent(u.pathname.slice(new URL(baseUrl).pathname.length)) || 'index.html';
}

/** One cold load in a fresh profile: time to the token input, and what was fetched by whom. */
async function firstLoad(browser, baseUrl) {
  const context = await browser.newContext();
  const fetched = { page: new Set(), serviceWorker: new Set() };
  context.on('request', (request) => {
    const file = distFile(request.url(), baseUrl);
    if (file) fetched[request.serviceWorker() ? 'serviceWorker' : 'page'].add(file);
  });
  // Stamps the moment the app renders its input, on the page's own clock (0 = navigation start).
  await context.addInitScript(() => {
    const seen = () => {
      if (document.querySelector('[data-testid="token-input"]')) {
        window.__kjdInteractiveMs = performance.now();
        return true;
      }
      return false;
    };
    new MutationObserver((_, observer) => seen() && observer.disconnect()).observe(document, {
      childList: true,
      subtree: true,
    });
    window.__kjdLoadLongTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__kjdLoadLongTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  const page = await context.newPage();
  await page.goto(baseUrl, { waitUntil: 'load' });
  await page.getByTestId('token-input').waitFor({ state: 'visible', timeout: 60_000 });
  const interactiveMs = await page.evaluate(() => window.__kjdInteractiveMs);
  const longestTask = await page.evaluate(() => Math.max(0, ...window.__kjdLoadLongTasks));
  // Let the service worker install and fill its offline cache.
  await page
    .evaluate(() => Promise.race([navigator.serviceWorker?.ready, new Promise((r) => setTimeout(r, 5000))]))
    .catch(() => {});
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(500);
  await context.close();
  return {
    interactiveMs,
    longestTask,
    page: [...fetched.page].sort(),
    serviceWorker: [...fetched.serviceWorker].sort(),
  };
}

const HS_SECRET = 'a-shared-secret-of-at-least-32-bytes!';
const HS_INPUT = ['{"alg":"HS256","typ":"JWT"}', '{"sub":"bench"}']
  .map((part) => Buffer.from(part).toString('base64url'))
  .join('.');
const HS_TOKEN = `${HS_INPUT}.${createHmac('sha256', HS_SECRET).update(HS_INPUT).digest('base64url')}`;

/**
 * A visit's first signature check, cold: pasting a key into the Decoder until the verdict shows,
 * which includes waiting for the crypto worker if it is still starting. Includes one test-driver
 * round trip.
 */
async function firstVerify(browser, baseUrl) {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    window.__kjdLongTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__kjdLongTasks.push(entry);
    }).observe({ type: 'longtask', buffered: true });
  });
  const page = await context.newPage();
  await page.goto(baseUrl, { waitUntil: 'load' });
  await page.getByTestId('token-input').fill(HS_TOKEN);
  const started = await page.evaluate(() => performance.now());
  await page.getByTestId('verify-key-input').fill(HS_SECRET);
  await page.locator('[data-testid="verify-status"][data-status="valid"]').waitFor({ timeout: 60_000 });
  const { elapsed, longestTask } = await page.evaluate(
    (t0) => ({
      elapsed: performance.now() - t0,
      longestTask: Math.max(0, ...window.__kjdLongTasks.filter((t) => t.startTime >= t0).map((t) => t.duration)),
    }),
    started,
  );
  await context.close();
  return { elapsed, longestTask };
}

const KEY_TYPES = ['RSA-2048', 'RSA-3072', 'RSA-4096', 'EC-P256', 'EC-P384', 'EC-P521', 'Ed25519', 'HMAC-256'];

/**
 * The issue-11 tour, cold, in a fresh profile, with every long task recorded from navigation on:
 * the token and key go in as soon as the input shows (navigation → first verdict), then every key
 * type is generated, a token signed, and a JWK Set built from the keyring.
 */
async function tour(browser, baseUrl) {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    window.__kjdLongTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__kjdLongTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  const page = await context.newPage();
  await page.goto(baseUrl, { waitUntil: 'commit' });
  await page.getByTestId('token-input').fill(HS_TOKEN);
  await page.getByTestId('verify-key-input').fill(HS_SECRET);
  await page.locator('[data-testid="verify-status"][data-status="valid"]').waitFor({ timeout: 60_000 });
  const firstVerdict = await page.evaluate(() => performance.now());
  await page.getByTestId('nav-keys').click();
  for (const type of KEY_TYPES) {
    const before = Number(await page.getByTestId('keyring-count').getAttribute('data-count'));
    await page.getByTestId('keygen-type-select').selectOption(type);
    await page.getByTestId('keygen-button').click();
    await page.locator(`[data-testid="keyring-count"][data-count="${before + 1}"]`).waitFor({ timeout: 120_000 });
  }
  await page.getByTestId('nav-sign').click();
  await page.getByTestId('sign-button').click();
  await page.getByTestId('signed-token').waitFor({ timeout: 60_000 });
  await page.getByTestId('nav-jwks').click();
  await page.getByTestId('jwks-add-from-keyring').click();
  await page.locator('[aria-busy="false"] [data-testid="jwks-output"]').waitFor({ timeout: 60_000 });
  const tasks = await page.evaluate(() => window.__kjdLongTasks);
  await context.close();
  return { firstVerdict, tasks };
}

async function sizes(files) {
  const rows = [];
  for (const file of files) rows.push({ file, gzip: await gzipBytes(file) });
  return { files: rows, total: rows.reduce((sum, row) => sum + row.gzip, 0) };
}

async function runBench(browser, baseUrl) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${baseUrl}#/bench`, { waitUntil: 'load' });
  await page.getByTestId('bench-run').waitFor({ state: 'visible', timeout: 60_000 });
  if (QUICK) await page.getByTestId('bench-quick').check();
  const started = Date.now();
  await page.getByTestId('bench-run').click();
  await page
    .locator('[data-testid="bench-status"][data-state="done"]')
    .waitFor({ timeout: 20 * 60_000 });
  const rows = await page.getByTestId('bench-row').evaluateAll((trs) =>
    trs.map((tr) => ({
      op: tr.dataset.op,
      label: tr.querySelector('th')?.textContent ?? tr.dataset.op,
      state: tr.dataset.state,
      stats: tr.dataset.stats ? JSON.parse(tr.dataset.stats) : null,
      error: tr.querySelector('[data-testid="bench-error"]')?.textContent ?? null,
    })),
  );
  await context.close();
  return { rows, seconds: (Date.now() - started) / 1000, errors };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function ms(value) {
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
  if (value >= 100) return `${value.toFixed(0)} ms`;
  if (value >= 1) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const blockText = (longest) => (longest > 0 ? ms(longest) : 'none ≥ 50 ms');
const cell = (s) => (s ? `${ms(s.median)} (${ms(s.min)}–${ms(s.max)})` : '—');

function table({ bench, loads, verifies, tours, pageSizes, workerSizes, swSizes, chromium }) {
  const lines = [];
  lines.push(
    `Measured by \`make bench\` on ${new Date().toISOString().slice(0, 10)}: release build, headless ` +
      `Chromium ${chromium}, ${os.cpus().length} CPU cores (${os.cpus()[0]?.model ?? 'unknown CPU'}, ` +
      `load average ${LOAD_AVERAGE.toFixed(1)} at the start)` +
      `${QUICK ? ', QUICK mode (one run each: indicative only)' : ''}. Median (min–max) per operation.`,
  );
  lines.push('');
  lines.push(
    '| Operation | Ours: pure Rust (wasm) | WebCrypto / browser | Ours ÷ browser | App path (page → crypto worker → page) | App ÷ browser | Longest page block |',
  );
  lines.push('|---|---|---|---|---|---|---|');
  for (const row of bench.rows) {
    if (!row.stats) {
      lines.push(`| ${row.label} | error: ${row.error ?? row.state} | | | | | |`);
      continue;
    }
    const { ours, browser, app, longest_task_ms: longest } = row.stats;
    const ratio = (s, digits) =>
      s && browser.median > 0 ? `${(s.median / browser.median).toFixed(digits)}×` : '—';
    const block = blockText(longest);
    lines.push(
      `| ${row.label} | ${cell(ours)} | ${cell(browser)} | ${ratio(ours, 1)} | ${cell(app)} | ${ratio(app, 2)} | ${block} |`,
    );
  }
  lines.push('');
  lines.push(
    '"Ours" and "WebCrypto / browser" are timed inside the crypto worker, where the app\'s crypto ' +
      'runs (decoding needs no key: it runs on the page, and is timed there). Key generation, ' +
      '"ours": the pure-Rust generator (the fallback); "WebCrypto": `generateKey` + ' +
      '`exportKey("pkcs8")` of the private key (a generator must export a key to show it; tables ' +
      'before this definition timed `generateKey` alone). "App path": what the user waits for, as ' +
      'the page sees it: its request to the crypto worker until the answer is back. For key ' +
      'generation, what the Keys view asks (the same WebCrypto calls, Ed25519 also exports its ' +
      'public key as SPKI, then the engine imports the key into the keyring), run in turn with the ' +
      'WebCrypto column; for the verify rows, the Decoder\'s check with the key pasted (SPKI PEM, or ' +
      'the 50-key JWK Set, read anew each time) until the verdict is back, the worker warm. JWKS: ours parses all 50 ' +
      'keys, decodes the token, picks the key by `kid` and verifies; the browser `JSON.parse`s the ' +
      'set and imports only that key. JWE rows: a ~1.3 KB signed HTI launch token (`cty: JWT`) ' +
      'decrypted or encrypted; ours is the engine\'s `decrypt` (parsing included) or `encrypt` for ' +
      'the public key; WebCrypto does the same steps with `crypto.subtle`: RSA-OAEP-256, RSA-OAEP ' +
      '`decrypt`/`encrypt` of the 256-bit content key; ECDH-ES+A256KW, ECDH `deriveBits` (encrypt: ' +
      'with a freshly generated ephemeral key), the Concat KDF as one SHA-256 `digest`, AES-KW ' +
      '`unwrapKey`/`wrapKey`; then AES-256-GCM with the protected header as additional data. Each ' +
      'side first opens the other\'s JWE; these rows have no app path. Decoding, "browser": `atob` + `JSON.parse`. Sub-millisecond ' +
      'operations are timed several calls at a time (the page clock ticks in 0.1 ms). "Longest page ' +
      'block": the longest main-thread task (≥ 50 ms, `PerformanceObserver` `longtask`) during the ' +
      "row's timed runs and while the page waited for the worker.",
  );
  lines.push('');
  const interactive = loads.map((load) => load.interactiveMs);
  const verifyMs = verifies.map((verify) => verify.elapsed);
  lines.push(
    `First load (cold, fresh profile, ${LOADS} loads): navigation → \`token-input\` on screen ` +
      `${ms(median(interactive))} median (${ms(Math.min(...interactive))}–${ms(Math.max(...interactive))}), ` +
      `longest page block until then ${blockText(Math.max(...loads.map((load) => load.longestTask)))}; ` +
      `the page fetches ${kb(pageSizes.total)} gzip (${pageSizes.files.length} files, budget ${FIRST_LOAD_BUDGET_KB} KB` +
      `${pageSizes.total > FIRST_LOAD_BUDGET_KB * 1024 ? ': OVER BUDGET' : ''}), then starts the crypto worker after its ` +
      `first paint: ${kb(workerSizes.total)} gzip (${workerSizes.files.map((f) => f.file).join(', ') || 'not fetched'}). ` +
      (swSizes.files.length
        ? `After load the service worker fetches ${kb(swSizes.total)} gzip for its offline cache ` +
          `(${swSizes.files.map((f) => f.file).join(', ')}).`
        : 'The service worker fetches nothing more.') +
      ` The first signature check of a visit (paste a key → verdict, cold, the worker possibly still starting): ` +
      `${ms(median(verifyMs))} median (${ms(Math.min(...verifyMs))}–${ms(Math.max(...verifyMs))}); ` +
      `longest page block meanwhile ${blockText(Math.max(...verifies.map((verify) => verify.longestTask)))}.`,
  );
  lines.push('');
  const verdicts = tours.map((t) => t.firstVerdict);
  const tasks = tours.flatMap((t) => t.tasks);
  lines.push(
    `Full tour (cold, fresh profile, ${tours.length} runs: token and key pasted as soon as the page shows them, ` +
      `then every key type generated (${KEY_TYPES.join(', ')}), a token signed, a JWK Set built from the keyring): ` +
      `navigation → first verdict ${ms(median(verdicts))} median (${ms(Math.min(...verdicts))}–${ms(Math.max(...verdicts))}); ` +
      `main-thread tasks of 50 ms or more over the whole tour: ${tasks.length === 0 ? 'none' : tasks
        .map((t) => `${ms(t.duration)} at ${ms(t.start)}`)
        .join(', ')}.`,
  );
  return lines.join('\n');
}

async function writeReadme(text) {
  const readmePath = path.join(repoRoot, 'README.md');
  let readme = '';
  try {
    readme = await readFile(readmePath, 'utf8');
  } catch {
    // No README yet: the markers become its content.
  }
  const block = `<!-- bench:start -->\n${text}\n<!-- bench:end -->`;
  const marked = /<!-- bench:start -->[\s\S]*?<!-- bench:end -->/;
  const updated = marked.test(readme)
    ? readme.replace(marked, () => block)
    : `${readme}${readme.endsWith('\n') || readme === '' ? '' : '\n'}\n## Benchmark\n\n${block}\n`;
  await writeFile(readmePath, updated);
}

const server = await startServer();
const browser = await launchBrowser();
try {
  const chromium = browser.version();
  const loads = [];
  for (let i = 0; i < LOADS; i += 1) loads.push(await firstLoad(browser, server.baseUrl));
  const verifies = [];
  for (let i = 0; i < LOADS; i += 1) verifies.push(await firstVerify(browser, server.baseUrl));
  const tours = [];
  for (let i = 0; i < (QUICK ? 1 : 3); i += 1) tours.push(await tour(browser, server.baseUrl));
  const fetchedFiles = [...new Set(loads.flatMap((load) => load.page))].sort();
  const pageFiles = fetchedFiles.filter((file) => !WORKER_FILE.test(file));
  const workerFiles = fetchedFiles.filter((file) => WORKER_FILE.test(file));
  const swFiles = [...new Set(loads.flatMap((load) => load.serviceWorker))]
    .filter((file) => !fetchedFiles.includes(file))
    .sort();
  const pageSizes = await sizes(pageFiles);
  const workerSizes = await sizes(workerFiles);
  const swSizes = await sizes(swFiles);
  console.log(`first load: ${kb(pageSizes.total)} gzip`, pageSizes.files);
  console.log(`crypto worker: ${kb(workerSizes.total)} gzip`, workerSizes.files);
  console.log(`service worker afterwards: ${kb(swSizes.total)} gzip`, swSizes.files);

  console.log(`running the in-page benchmark${QUICK ? ' (quick)' : ''}…`);
  const bench = await runBench(browser, server.baseUrl);
  const text = table({ bench, loads, verifies, tours, pageSizes, workerSizes, swSizes, chromium });
  console.log(`\n${text}\n`);
  console.log(`benchmark took ${bench.seconds.toFixed(0)} s`);

  await mkdir(path.join(repoRoot, 'target/bench'), { recursive: true });
  await writeFile(
    path.join(repoRoot, 'target/bench/results.json'),
    JSON.stringify({ chromium, quick: QUICK, loads, tours, pageSizes, workerSizes, swSizes, bench }, null, 2),
  );
  if (WRITE_README) {
    await writeReadme(text);
    console.log('README.md: table between <!-- bench:start --> and <!-- bench:end --> updated');
  }
  const failed = bench.rows.filter((row) => row.state !== 'done');
  if (failed.length || bench.errors.length) {
    console.error('some operations failed:', failed.map((row) => `${row.op}: ${row.error}`), bench.errors);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
  await server.stop();
}
