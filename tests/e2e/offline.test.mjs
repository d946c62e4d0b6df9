// After one visit the service worker has the build's files, and the app opens without a network.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { distFiles, openApp } from './harness.mjs';

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

async function openAndWaitForServiceWorker() {
  app = await openApp();
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

test('the offline cache holds exactly the build files, even after using the app', async () => {
  await openAndWaitForServiceWorker();
  await app.page.getByTestId('token-input').fill(OFFLINE_TOKEN);
  for (const view of ['nav-sign', 'nav-keys', 'nav-jwks', 'nav-decode']) {
    await app.page.getByTestId(view).click();
  }

  const cached = await app.page.evaluate(async () => {
    const urls = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
    }
    return urls.sort();
  });

  const expected = (await distFiles())
    .filter((file) => file !== 'sw.js')
    .map((file) => new URL(file, app.baseUrl).href)
    .sort();
  assert.deepEqual(cached, expected);
});
