// The JWKS builder: public halves only, kids by the chosen convention, a downloadable jwks.json,
// and a set that verifies a token in the Decoder.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { openApp } from './harness.mjs';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

/** The RFC 7638 canonical JSON of a public JWK. */
function canonical(jwk) {
  const required = { RSA: ['e', 'kty', 'n'], EC: ['crv', 'kty', 'x', 'y'], OKP: ['crv', 'kty', 'x'] };
  return JSON.stringify(Object.fromEntries(required[jwk.kty].map((name) => [name, jwk[name]])));
}
const sha256Kid = (jwk) => crypto.createHash('sha256').update(canonical(jwk)).digest('base64url');
const md5Kid = (jwk) => crypto.createHash('md5').update(canonical(jwk)).digest('base64url');

/** Inputs, selects and textareas in the view without a visible label (should be none). */
const unlabelled = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('main input, main select, main textarea')]
      .filter((el) => ![...(el.labels ?? [])].some((label) => label.offsetParent !== null && label.textContent.trim()))
      .map((el) => el.dataset.testid ?? el.id),
  );

describe('the JWKS builder', () => {
  let app;
  let page;

  before(async () => {
    app = await openApp('#/jwks');
    page = app.page;
    await page.getByTestId('jwks-add-input').waitFor();
  });

  after(async () => {
    await app?.close();
  });

  /** The built set's text, once the builder is no longer busy with newer entries. */
  const outputText = () => page.locator('[aria-busy="false"] [data-testid="jwks-output"]').textContent();
  const output = async () => JSON.parse(await outputText());

  async function add(text) {
    await page.getByTestId('jwks-add-input').fill(text);
    await page.getByTestId('jwks-add-button').click();
  }

  async function clear() {
    if (await page.getByTestId('jwks-clear').isEnabled()) await page.getByTestId('jwks-clear').click();
  }

  test('reduces a pasted private key to its public half, and says so', async () => {
    await clear();
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    await add(privateKey.export({ type: 'pkcs8', format: 'pem' }));

    assert.match(await page.getByTestId('jwks-add-notice').textContent(), /public half/);
    const [jwk] = (await output()).keys;
    assert.deepEqual(PRIVATE_MEMBERS.filter((name) => name in jwk), []);
    assert.equal(jwk.n, publicKey.export({ format: 'jwk' }).n);
    assert.equal(jwk.use, 'sig');
    // The focusable JSON block has an accessible name.
    assert.equal(await page.getByTestId('jwks-output').getAttribute('aria-label'), 'JWK Set (JSON)');
  });

  test('makes kids by the chosen strategy: SHA-256 thumbprint, MD5, or typed by hand', async () => {
    await clear();
    const { publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const jwk = publicKey.export({ format: 'jwk' });
    await add(JSON.stringify(jwk));

    await page.getByTestId('kid-strategy-select').selectOption('rfc7638-sha256');
    assert.equal((await output()).keys[0].kid, sha256Kid(jwk));

    await page.getByTestId('kid-strategy-select').selectOption('rfc7638-md5');
    assert.equal((await output()).keys[0].kid, md5Kid(jwk));

    await page.getByTestId('kid-strategy-select').selectOption('custom');
    await page.getByTestId('jwks-entry-kid').fill('signing-key-2026');
    assert.equal((await output()).keys[0].kid, 'signing-key-2026');
    await page.getByTestId('kid-strategy-select').selectOption('rfc7638-sha256');
  });

  test('writes the alg typed for a key, and refuses one the key cannot do', async () => {
    await page.getByTestId('jwks-entry-alg').fill('ES384');
    assert.equal((await output()).keys[0].alg, 'ES384');

    await page.getByTestId('jwks-entry-alg').fill('RS256');
    assert.match(await page.getByTestId('jwks-entry-error').textContent(), /RSA/);
    await page.getByTestId('jwks-entry-alg').fill('');
  });

  test('flags a use other than sig or enc in its findings', async () => {
    await page.getByTestId('jwks-entry-use').fill('foo');

    const finding = page.locator('[data-testid="jwks-findings"] [data-testid="finding"][data-rule="jwks.use-not-sig"]');
    assert.equal(await finding.getAttribute('data-severity'), 'error');
    await page.getByTestId('jwks-entry-use').fill('sig');
  });

  test('an encryption key (HTI:jwe) is named as such, not as an error', async () => {
    await page.getByTestId('jwks-entry-use').fill('enc');

    const finding = page.locator('[data-testid="jwks-findings"] [data-testid="finding"][data-rule="jwks.use-enc"]');
    assert.equal(await finding.getAttribute('data-severity'), 'info');
    await page.getByTestId('jwks-entry-use').fill('sig');
  });

  test('refuses an HMAC secret: it has no public half', async () => {
    await add(JSON.stringify({ kty: 'oct', k: crypto.randomBytes(32).toString('base64url') }));

    assert.match(await page.getByTestId('jwks-add-error').textContent(), /HMAC/);
  });

  test('adds every key of a pasted JWKS, keeping their kids under the custom strategy', async () => {
    await clear();
    const keys = ['P-256', 'P-521'].map((namedCurve, index) => ({
      ...crypto.generateKeyPairSync('ec', { namedCurve }).publicKey.export({ format: 'jwk' }),
      kid: `key-${index}`,
    }));
    await page.getByTestId('kid-strategy-select').selectOption('custom');
    await add(JSON.stringify({ keys }));

    assert.deepEqual((await output()).keys.map((jwk) => jwk.kid), ['key-0', 'key-1']);
    await page.getByTestId('kid-strategy-select').selectOption('rfc7638-sha256');
  });

  test('downloads the set as jwks.json', async () => {
    const shown = await output();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('jwks-download').click()]);

    assert.equal(download.suggestedFilename(), 'jwks.json');
    assert.deepEqual(JSON.parse(await readFile(await download.path(), 'utf8')), shown);
  });

  test('builds a set from the keyring that verifies a token signed with it', async () => {
    await clear();
    await page.getByTestId('nav-keys').click();
    await page.getByTestId('keygen-type-select').selectOption('RSA-2048');
    await page.getByTestId('keygen-button').click();
    await page.getByTestId('keyring-item').first().waitFor({ timeout: 60_000 });
    await page.getByTestId('keyring-use-for-signing').first().click();

    await page.getByTestId('nav-sign').click();
    await page.getByTestId('template-select').selectOption('custom');
    await page.getByTestId('sign-payload-input').fill('{"sub": "jwks"}');
    await page.getByTestId('sign-button').click();
    const token = await page.getByTestId('signed-token').textContent();

    await page.getByTestId('nav-jwks').click();
    await page.getByTestId('jwks-add-from-keyring').click();
    const jwks = await outputText();
    assert.equal(JSON.parse(jwks).keys[0].kid, JSON.parse(Buffer.from(token.split('.')[0], 'base64url')).kid);

    await page.getByTestId('nav-decode').click();
    await page.getByTestId('token-input').fill(token);
    await page.getByTestId('verify-key-input').fill(jwks);
    await page.locator('[data-testid="verify-status"]:not([data-status="loading"])').waitFor();

    assert.equal(await page.getByTestId('verify-status').getAttribute('data-status'), 'valid');
    assert.match(await page.getByTestId('verify-status').textContent(), /kid/);
  });

  test('gives every input a visible label', async () => {
    await page.getByTestId('nav-jwks').click();
    await add(crypto.generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
    assert.deepEqual(await unlabelled(page), []);
  });

  test('logs no errors and breaks no Content-Security-Policy rule', () => {
    assert.deepEqual(app.consoleErrors, []);
    assert.deepEqual(app.cspViolations, []);
  });
});
