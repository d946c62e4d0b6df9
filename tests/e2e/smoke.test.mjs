// The release build starts under a sub-path, shows its main controls, and stays inside its
// Content-Security-Policy and its own files.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { foreignRequests, openApp } from './harness.mjs';

describe('the app, opened once', () => {
  let app;

  before(async () => {
    app = await openApp();
    // The input is rendered by the wasm app, so seeing it means the app has started.
    await app.page.getByTestId('token-input').waitFor({ state: 'visible' });
    await app.page.waitForLoadState('networkidle');
  });

  after(async () => {
    await app?.close();
  });

  test('shows the token input', async () => {
    assert.equal(await app.page.getByTestId('token-input').isVisible(), true);
  });

  test('has navigation links to decode, sign, keys and JWKS', async () => {
    for (const id of ['nav-decode', 'nav-sign', 'nav-keys', 'nav-jwks']) {
      assert.equal(await app.page.getByTestId(id).count(), 1, `one ${id} link`);
    }
  });

  test('starts without Content-Security-Policy violations', () => {
    assert.deepEqual(app.cspViolations, []);
  });

  test('starts without console errors', () => {
    assert.deepEqual(app.consoleErrors, []);
  });

  test('starts without console warnings (e.g. an unused or integrity-checked preload)', async () => {
    // Chromium reports an unused preload a few seconds after the load event.
    await app.page.waitForTimeout(3500);
    assert.deepEqual(app.consoleWarnings, []);
  });

  test('requests nothing but GETs of its own files', async () => {
    assert.ok(app.requests.length > 0, 'the recorder saw the page load');
    assert.deepEqual(await foreignRequests(app.requests, app.baseUrl), []);
  });
});

test('starts under the Content-Security-Policy header that the README tells hosts to send', async () => {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const policy = readme.match(/^Content-Security-Policy: (.+)$/m)?.[1];
  assert.ok(policy?.includes("frame-ancestors 'none'"), 'README documents the header form');

  const app = await openApp('', { headers: { 'content-security-policy': policy } });
  try {
    await app.page.getByTestId('token-input').waitFor({ state: 'visible' });
    assert.deepEqual(app.cspViolations, []);
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});
