// The benchmark page (#/bench) runs end to end in the release build and fills every row with
// numbers. Quick mode (one run each): this checks the plumbing, never the speed; speed is what
// `make bench` reports.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openApp } from './harness.mjs';

const OPERATIONS = [
  'keygen-rsa-2048',
  'keygen-rsa-3072',
  'keygen-rsa-4096',
  'keygen-ec-p256',
  'keygen-ec-p384',
  'keygen-ec-p521',
  'keygen-ed25519',
  'sign-rs256',
  'verify-es256',
  'verify-jwks-50',
  'jwe-decrypt-rsa-oaep-256',
  'jwe-encrypt-rsa-oaep-256',
  'jwe-decrypt-ecdh-es-a256kw',
  'jwe-encrypt-ecdh-es-a256kw',
  'decode-1mib',
];

const isNumber = (text) => text !== null && text !== '' && Number.isFinite(Number(text));

describe('the benchmark page, run once in quick mode', { timeout: 10 * 60_000 }, () => {
  let app;
  let rows;

  before(async () => {
    app = await openApp('#/bench');
    await app.page.getByTestId('bench-quick').check();
    await app.page.getByTestId('bench-run').click();
    await app.page
      .locator('[data-testid="bench-status"][data-state="done"]')
      .waitFor({ timeout: 8 * 60_000 });
    rows = await app.page.getByTestId('bench-row').evaluateAll((trs) =>
      trs.map((tr) => ({
        op: tr.dataset.op,
        state: tr.dataset.state,
        ours: tr.getAttribute('data-ours-ms'),
        webcrypto: tr.getAttribute('data-webcrypto-ms'),
        app: tr.getAttribute('data-app-ms'),
        longestTask: tr.getAttribute('data-longest-task-ms'),
        error: tr.querySelector('[data-testid="bench-error"]')?.textContent ?? null,
      })),
    );
  });

  after(async () => {
    await app?.close();
  });

  test('has one row per operation', () => {
    assert.deepEqual(rows.map((row) => row.op), OPERATIONS);
  });

  test('finishes every operation without an error', () => {
    assert.deepEqual(rows.filter((row) => row.state !== 'done'), []);
  });

  test('reports ours, WebCrypto and longest-task numbers in every row', () => {
    for (const row of rows) {
      assert.ok(isNumber(row.ours), `${row.op} ours: ${row.ours}`);
      assert.ok(isNumber(row.webcrypto), `${row.op} webcrypto: ${row.webcrypto}`);
      assert.ok(isNumber(row.longestTask), `${row.op} longest task: ${row.longestTask}`);
    }
  });

  test('reports the app path (a round trip to the crypto worker) for every key generation and verify row', () => {
    for (const row of rows.filter((r) => r.op.startsWith('keygen-') || r.op.startsWith('verify-'))) {
      assert.ok(isNumber(row.app), `${row.op} app: ${row.app}`);
    }
  });

  test('starts the crypto worker without Content-Security-Policy violations', () => {
    assert.deepEqual(app.cspViolations, []);
  });

  test('loads the crypto worker from the app\'s own directory', () => {
    // Not the service worker's offline copy: the page's own worker start.
    const worker = app.requests.filter(
      (request) => request.url.includes('crypto_worker') && !request.fromServiceWorker,
    );
    assert.ok(worker.length > 0, 'the page started the worker');
    for (const request of worker) assert.ok(request.url.startsWith(app.baseUrl), request.url);
  });

  test('runs without console errors', () => {
    assert.deepEqual(app.consoleErrors, []);
  });
});
