// The two editions (src/app/lite.rs): the page first loads a small app that decodes without any
// crypto, and loads the full app only when the user needs it, handing over what was typed.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { DIST, openApp } from './harness.mjs';

/** Issue 7: everything the first page load transfers, gzip-compressed. */
const FIRST_LOAD_BUDGET = 250 * 1024;

const b64u = (data) => Buffer.from(data).toString('base64url');
const SECRET = 'a-shared-secret-of-at-least-32-bytes!';
const input = `${b64u('{"alg":"HS256","typ":"JWT"}')}.${b64u('{"sub":"first-load"}')}`;
const TOKEN = `${input}.${b64u(crypto.createHmac('sha256', SECRET).update(input).digest())}`;

let app;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const edition = () => app.page.locator('.app').getAttribute('data-edition');

/** The build files the page itself fetched (not its service worker), relative to dist/. */
const pageFetched = () =>
  [
    ...new Set(
      app.requests
        .filter((request) => !request.fromServiceWorker && request.url.startsWith(app.baseUrl))
        .map((request) => request.url.slice(app.baseUrl.length).split('#')[0] || 'index.html'),
    ),
  ].sort();

test('the first page load stays under 250 KB gzip and leaves the full app out', async () => {
  app = await openApp();
  await app.page.getByTestId('token-input').waitFor();
  await app.page.waitForLoadState('networkidle');

  const files = pageFetched();
  let total = 0;
  for (const file of files) total += gzipSync(await readFile(path.join(DIST, file)), { level: 9 }).length;

  assert.equal(await edition(), 'lite');
  assert.deepEqual(files.filter((file) => /full_app|keygen_worker/.test(file)), []);
  assert.ok(total < FIRST_LOAD_BUDGET, `first load ${total} bytes gzip: ${files.join(', ')}`);
});

test('decoding and explaining a token needs nothing more', async () => {
  app = await openApp();
  await app.page.getByTestId('token-input').fill(TOKEN);

  await app.page.getByTestId('payload-json').getByText('first-load').waitFor();
  assert.equal(await app.page.getByTestId('verify-status').getAttribute('data-status'), 'unverified');
  assert.equal(await edition(), 'lite');
  assert.deepEqual(pageFetched().filter((file) => file.startsWith('full_app')), []);
});

test('a pasted key brings in the full app, which keeps the token, key, choices and caret', async () => {
  app = await openApp();
  const { page } = app;
  await page.getByTestId('token-input').fill(TOKEN);
  await page.getByTestId('profile-select').selectOption('hti-launch');

  await page.getByTestId('verify-key-input').fill(SECRET);

  await page.locator('[data-edition="full"]').waitFor();
  assert.equal(await page.getByTestId('token-input').inputValue(), TOKEN);
  assert.equal(await page.getByTestId('verify-key-input').inputValue(), SECRET);
  assert.equal(await page.getByTestId('profile-select').inputValue(), 'hti-launch');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'verify-key-input');
  assert.equal(await page.getByTestId('verify-status').getAttribute('data-status'), 'valid');
  assert.equal(await page.locator('.app').count(), 1, 'the first-load app stepped aside');
  assert.deepEqual(app.consoleErrors, []);
});

test('focusing the key box starts the download, but the switch waits for a key', async () => {
  app = await openApp();
  const { page } = app;
  await page.getByTestId('token-input').fill(TOKEN);

  const download = page.waitForRequest((request) => request.url().endsWith('/full_app_bg.wasm'));
  await page.getByTestId('verify-key-input').focus();
  await download;
  await page.waitForLoadState('networkidle');

  assert.equal(await edition(), 'lite');
  await page.getByTestId('verify-key-input').fill(SECRET);
  await page.locator('[data-edition="full"]').waitFor();
  assert.equal(await page.getByTestId('verify-status').getAttribute('data-status'), 'valid');
});

test('opening another view loads the full app straight into it', async () => {
  app = await openApp('#/keys');

  await app.page.getByTestId('keygen-button').waitFor();
  assert.equal(await edition(), 'full');
});

test('says why the full app could not be loaded, and loads it on "Try again"', async () => {
  app = await openApp();
  const { page } = app;
  await app.context.route('**/full_app_bg.wasm', (route) => route.abort('internetdisconnected'));
  await page.getByTestId('token-input').fill(TOKEN);

  await page.getByTestId('verify-key-input').fill(SECRET);

  await page.getByTestId('full-app-error').waitFor();
  assert.match(await page.getByTestId('full-app-error').textContent(), /could not be loaded/);
  assert.equal(await page.getByTestId('verify-status').getAttribute('data-status'), 'loading');
  await app.context.unroute('**/full_app_bg.wasm');
  await page.getByTestId('full-app-retry').click();
  await page.locator('[data-edition="full"]').waitFor();
  assert.equal(await page.getByTestId('verify-status').getAttribute('data-status'), 'valid');
});
