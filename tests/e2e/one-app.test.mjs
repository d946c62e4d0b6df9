// One app on the page, always mounted, and one crypto worker for everything that touches a key
// (src/app/engine.rs, src/worker/). The page decodes without the worker; keys wait for it.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { cp, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { DIST, distFiles, openApp } from './harness.mjs';

// Regression guards at the sizes measured, not issue 11's targets (200 KB page, 500 KB site),
// which this build misses: the README's "Download size" says by how much and where the bytes go.
// Raised once, for issue 14 (the workshop view and the examples: page 368 → 418 KiB, site about
// 781 → 836 KiB); lower these when the build shrinks.
/** What a first visit downloads before the Decoder is usable (every file but the worker's), gzip. */
const FIRST_LOAD_BUDGET = 430 * 1024;
/** Every file a full tour can fetch, gzip. */
const SITE_BUDGET = 850 * 1024;

const b64u = (data) => Buffer.from(data).toString('base64url');
const SECRET = 'a-shared-secret-of-at-least-32-bytes!';
const input = `${b64u('{"alg":"HS256","typ":"JWT"}')}.${b64u('{"sub":"one-app"}')}`;
const TOKEN = `${input}.${b64u(crypto.createHmac('sha256', SECRET).update(input).digest())}`;
const WORKER_FILE = /^crypto_worker/;

let app;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const gzipSize = async (file) => gzipSync(await readFile(path.join(DIST, file)), { level: 9 }).length;
const engineStatus = () => app.page.getByTestId('engine-status').getAttribute('data-status');
const verifyStatus = () => app.page.getByTestId('verify-status').getAttribute('data-status');
const waitForEngine = (status) =>
  app.page.locator(`[data-testid="engine-status"][data-status="${status}"]`).waitFor();

test('the page and the whole site stay within their download budgets', async () => {
  const files = (await distFiles()).filter((file) => file !== 'sw.js');
  let page = 0;
  let site = 0;
  for (const file of files) {
    const size = await gzipSize(file);
    site += size;
    if (!WORKER_FILE.test(file)) page += size;
  }
  assert.ok(page <= FIRST_LOAD_BUDGET, `page ${page} bytes gzip`);
  assert.ok(site <= SITE_BUDGET, `site ${site} bytes gzip: ${files.join(', ')}`);
});

test('the crypto worker starts by itself after the first paint', async () => {
  app = await openApp();
  await app.page.getByTestId('token-input').waitFor();

  await waitForEngine('ready');
  assert.equal(await app.page.locator('.app').getAttribute('data-edition'), 'full');
  assert.ok(app.requests.some((request) => request.url.endsWith('/crypto_worker_bg.wasm')));
  assert.deepEqual(app.consoleErrors, []);
});

test('decoding needs no worker; a key typed before it is ready is verified once it is', async () => {
  // A copy of the site whose worker wasm is missing until the test puts it back: no request
  // routing, which the service worker's cache could bypass.
  const site = await mkdtemp(path.join(os.tmpdir(), 'kjd-site-'));
  try {
    await cp(DIST, site, { recursive: true, filter: (file) => !path.basename(file).startsWith('.') });
    const wasm = path.join(site, 'crypto_worker_bg.wasm');
    await rename(wasm, `${wasm}.away`);
    app = await openApp('', { dist: site });
    const { page } = app;

    await page.getByTestId('token-input').fill(TOKEN);
    await page.getByTestId('payload-json').getByText('one-app').waitFor();
    await page.getByTestId('verify-key-input').fill(SECRET);
    await waitForEngine('error');
    assert.notEqual(await verifyStatus(), 'valid');

    await rename(`${wasm}.away`, wasm);
    await page.getByTestId('engine-retry').click();
    await waitForEngine('ready');
    await page.locator('[data-testid="verify-status"][data-status="valid"]').waitFor();
    assert.equal(await page.getByTestId('token-input').inputValue(), TOKEN);
    assert.equal(await page.getByTestId('verify-key-input').inputValue(), SECRET);
    assert.equal(await page.locator('.app').count(), 1);
  } finally {
    await rm(site, { recursive: true, force: true });
  }
});

test('every view is the same app: typing in one view and visiting another keeps the input', async () => {
  app = await openApp('#/keys');
  const { page } = app;
  await page.getByTestId('keygen-button').waitFor();
  await page.getByTestId('nav-decode').click();
  await page.getByTestId('token-input').fill(TOKEN);
  await page.getByTestId('verify-key-input').fill(SECRET);
  await page.getByTestId('nav-keys').click();
  await page.getByTestId('nav-decode').click();

  assert.equal(await page.getByTestId('token-input').inputValue(), TOKEN);
  await page.locator('[data-testid="verify-status"][data-status="valid"]').waitFor();
});

/**
 * An encrypted PKCS#8 key whose PBKDF2 iteration count is raised to `iterations` (Node writes
 * 2048): decrypting it keeps the worker busy far past any deadline. Only the INTEGER changes;
 * the enclosing DER lengths are rewritten to match.
 */
function slowEncryptedKey(iterations) {
  const { privateKey } = crypto.generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'pkcs8', format: 'der', cipher: 'aes-256-cbc', passphrase: 'pw' },
  });
  const count = Buffer.alloc(4);
  count.writeUInt32BE(iterations);
  const rewrite = (der) => {
    // One TLV: tag, length (short or long form), value; constructed values are rewritten inside.
    let offset = 1;
    let length = der[offset++];
    if (length & 0x80) {
      const bytes = length & 0x7f;
      length = der.readUIntBE(offset, bytes);
      offset += bytes;
    }
    const tag = der[0];
    let value = der.subarray(offset, offset + length);
    if (tag === 0x02 && value.equals(Buffer.from([0x08, 0x00]))) value = count;
    if (tag & 0x20) {
      const parts = [];
      for (let at = 0; at < value.length; ) {
        const [part, used] = rewrite(value.subarray(at));
        parts.push(part);
        at += used;
      }
      value = Buffer.concat(parts);
    }
    // DER lengths are minimal: short form below 128, else as few bytes as the number needs.
    const header = value.length < 0x80
      ? Buffer.from([tag, value.length])
      : value.length < 0x100
        ? Buffer.from([tag, 0x81, value.length])
        : Buffer.from([tag, 0x82, value.length >> 8, value.length & 0xff]);
    return [Buffer.concat([header, value]), offset + length];
  };
  const [der] = rewrite(privateKey);
  const body = der.toString('base64').match(/.{1,64}/g).join('\n');
  return `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${body}\n-----END ENCRYPTED PRIVATE KEY-----\n`;
}

test('a runaway request restarts the worker; the page stays responsive and keeps what was typed', async () => {
  app = await openApp('#/keys');
  const { page } = app;
  await waitForEngine('ready');
  await page.getByTestId('keygen-type-select').selectOption('EC-P256');
  await page.getByTestId('keygen-button').click();
  await page.getByTestId('keyring-item').first().waitFor();
  await page.getByTestId('nav-sign').click();
  await page.getByTestId('template-select').selectOption('custom');
  const key = slowEncryptedKey(2_000_000_000);

  await page.getByTestId('sign-key-input').fill(key);
  await page.getByTestId('sign-key-password').fill('pw');
  // The page is not blocked meanwhile: it takes input and renders at once.
  await page.getByTestId('sign-payload-input').fill('{"sub":"typed while the worker is busy"}');
  assert.equal(
    await page.getByTestId('sign-payload-input').inputValue({ timeout: 1_000 }),
    '{"sub":"typed while the worker is busy"}',
  );

  const notice = page.getByTestId('engine-restarted');
  await notice.waitFor({ timeout: 40_000 });
  assert.match(await notice.textContent(), /took longer than 15 s.*1 key|key in the keyring was lost/s);
  await waitForEngine('ready');
  assert.equal(await page.getByTestId('keyring-count').getAttribute('data-count'), '0');
  assert.equal(await page.getByTestId('sign-key-input').inputValue(), key);
  assert.equal(await page.getByTestId('sign-payload-input').inputValue(), '{"sub":"typed while the worker is busy"}');
});
