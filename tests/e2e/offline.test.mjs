// After one visit the service worker has the build's files, and the app opens without a network.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DIST, distFiles, openApp } from './harness.mjs';

const b64url = (text) => Buffer.from(text).toString('base64url');
const OFFLINE_TOKEN = [
  b64url('{"alg":"ES256","typ":"JWT"}'),
  b64url('{"sub":"decoded-offline"}'),
  b64url('x'.repeat(64)),
].join('.');

let app;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function openAndWaitForServiceWorker(options) {
  app = await openApp('', options);
  await app.page.getByTestId('token-input').waitFor({ state: 'visible' });
  await app.page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

test('the app opens and works again with the server gone and the browser offline', async () => {
  await openAndWaitForServiceWorker();
  await app.server.stop();
  await app.context.setOffline(true);
  const served = app.server.requests.length;

  await app.page.reload();

  // Decoding runs in the wasm engine, so this proves the engine loaded, not just the page.
  await app.page.getByTestId('token-input').fill(OFFLINE_TOKEN);
  await app.page.getByTestId('payload-json').getByText('decoded-offline').waitFor();
  assert.equal(app.server.requests.length, served, 'nothing reached the server');
  assert.deepEqual(app.consoleErrors, []);
});

const cachedUrls = () =>
  app.page.evaluate(async () => {
    const urls = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
    }
    return urls.sort();
  });

/** The build's files but sw.js, as absolute URLs. */
const buildUrls = async () =>
  (await distFiles())
    .filter((file) => file !== 'sw.js')
    .map((file) => new URL(file, app.baseUrl).href)
    .sort();

test('the offline cache holds exactly the build, the crypto worker included, and nothing else', async () => {
  await openAndWaitForServiceWorker();
  await app.page.getByTestId('token-input').fill(OFFLINE_TOKEN);
  await app.page.getByTestId('payload-json').getByText('decoded-offline').waitFor();

  assert.deepEqual(await cachedUrls(), await buildUrls());
});

test('keys and signatures work offline: the crypto worker starts from the cache', async () => {
  await openAndWaitForServiceWorker();
  await app.page.locator('[data-testid="engine-status"][data-status="ready"]').waitFor();
  await app.server.stop();
  await app.context.setOffline(true);

  await app.page.reload();

  await app.page.locator('[data-testid="engine-status"][data-status="ready"]').waitFor();
  await app.page.getByTestId('nav-keys').click();
  await app.page.getByTestId('keygen-button').click();
  await app.page.getByTestId('keyring-item').first().waitFor();
  assert.deepEqual(app.consoleErrors, []);
});

const cacheNames = () => app.page.evaluate(() => caches.keys());

test('a new deployment replaces the offline cache and deletes the old one', async () => {
  const site = await mkdtemp(path.join(os.tmpdir(), 'kjd-site-'));
  try {
    await cp(DIST, site, { recursive: true, filter: (file) => !path.basename(file).startsWith('.') });
    await openAndWaitForServiceWorker({ dist: site });
    const [before] = await cacheNames();

    // Deploy a changed build: one file differs, and the build hook gives sw.js a new version.
    await appendFile(path.join(site, 'favicon.svg'), '<!-- changed -->');
    const hook = fileURLToPath(new URL('../../scripts/trunk-post-build.mjs', import.meta.url));
    await promisify(execFile)('node', [hook], {
      env: { ...process.env, TRUNK_STAGING_DIR: site, TRUNK_PROFILE: 'release' },
    });
    await app.page.reload();
    await app.page.waitForFunction(
      async (old) => {
        const names = await caches.keys();
        return names.length === 1 && names[0] !== old;
      },
      before,
      { polling: 200 },
    );

    const [after] = await cacheNames();
    assert.ok(after.startsWith(before.slice(0, before.lastIndexOf(' '))), 'same scope prefix');
  } finally {
    await rm(site, { recursive: true, force: true });
  }
});
