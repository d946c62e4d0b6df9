// After one visit the service worker has the build's files, and the app opens without a network.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { distFiles, openApp } from './harness.mjs';

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

  await app.page.getByTestId('token-input').waitFor({ state: 'visible' });
  assert.equal(app.server.requests.length, served, 'nothing reached the server');
  assert.deepEqual(app.consoleErrors, []);
});

test('the offline cache holds exactly the build files, under this sub-path', async () => {
  await openAndWaitForServiceWorker();

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
