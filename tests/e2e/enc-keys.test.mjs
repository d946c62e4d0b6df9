// Encryption keys (issue 13): the Keys view generates keys marked `use: enc` (HTI:jwe), the
// keyring shows their use, and such a key really receives a JWE: the Signer encrypts for its
// public JWK and the Decoder opens the token with the keyring key.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openApp } from './harness.mjs';

describe('encryption keys', () => {
  let app;
  let page;

  before(async () => {
    app = await openApp('#/keys');
    page = app.page;
    await page.getByTestId('keygen-button').waitFor();
  });

  after(async () => {
    await app?.close();
  });

  const items = () => page.getByTestId('keyring-item');
  const values = (testid) =>
    page.getByTestId(testid).evaluate((select) => [...select.options].map((option) => option.value));

  /** Generates `type` for `use` and returns the new keyring item (a locator pinned to its id). */
  async function generate(type, use) {
    const before = await items().count();
    await page.getByTestId('keygen-use-select').selectOption(use);
    await page.getByTestId('keygen-type-select').selectOption(type);
    await page.getByTestId('keygen-button').click();
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="keyring-item"]').length > n,
      before,
      { timeout: 60_000 },
    );
    assert.equal(await page.getByTestId('keygen-error').count(), 0, `${type}: no keygen-error`);
    // By id: `items().last()` would follow whichever key is last later on.
    const id = await items().last().getAttribute('data-key-id');
    return page.locator(`[data-testid="keyring-item"][data-key-id="${id}"]`);
  }

  /** Shows `item` in the key details and returns its public JWK. */
  async function publicJwk(item) {
    const id = await item.getAttribute('data-key-id');
    await item.getByTestId('keyring-select').click();
    await page.locator(`[data-testid="key-details"][data-key-id="${id}"]`).waitFor();
    return JSON.parse(await page.getByTestId('public-jwk').textContent());
  }

  test('the purpose picks the types offered, signing by default', async () => {
    assert.equal(await page.getByTestId('keygen-use-select').inputValue(), 'sig');
    assert.deepEqual(await values('keygen-use-select'), ['sig', 'enc']);
    const signing = await values('keygen-type-select');
    assert.ok(signing.includes('Ed25519') && signing.includes('HMAC-256'), signing.join());
    assert.ok(!signing.includes('X25519'), signing.join());

    await page.getByTestId('keygen-use-select').selectOption('enc');
    assert.deepEqual(await values('keygen-type-select'), [
      'RSA-2048', 'RSA-3072', 'RSA-4096', 'EC-P256', 'EC-P384', 'EC-P521', 'X25519', 'AES-128', 'AES-192', 'AES-256',
    ]);
    const aes = await page.locator('[data-testid="keygen-type-select"] option[value="AES-128"]').textContent();
    assert.match(aes, /AES-128 key/);
    await page.getByTestId('keygen-use-select').selectOption('sig');
  });

  let signingId;
  let x25519;

  test('enc keys are marked use: enc in the keyring, the details and the public JWK', async () => {
    const signing = await generate('EC-P256', 'sig');
    signingId = await signing.getAttribute('data-key-id');
    assert.equal(await signing.getAttribute('data-use'), '');

    x25519 = await generate('X25519', 'enc');
    assert.equal(await x25519.getAttribute('data-use'), 'enc');
    assert.match(await x25519.textContent(), /X25519 private · generated for encryption/);
    assert.equal(await x25519.getByTestId('keyring-use').textContent(), 'enc');
    assert.equal(await signing.getByTestId('keyring-use').count(), 0, 'no use, no tag');
    assert.equal(await x25519.getByTestId('keyring-use-for-signing').count(), 0, 'an enc key does not sign');
    const xJwk = await publicJwk(x25519);
    assert.equal(xJwk.kty, 'OKP');
    assert.equal(xJwk.crv, 'X25519');
    assert.equal(xJwk.use, 'enc');
    assert.match(await page.getByTestId('key-use').textContent(), /^enc/);

    const rsa = await generate('RSA-2048', 'enc');
    assert.equal(await rsa.getAttribute('data-use'), 'enc');
    const rsaJwk = await publicJwk(rsa);
    assert.equal(rsaJwk.kty, 'RSA');
    assert.equal(rsaJwk.use, 'enc');
    assert.equal(await page.getByTestId('key-use').getAttribute('data-use'), 'enc');

    const aes = await generate('AES-256', 'enc');
    assert.equal(await aes.getAttribute('data-use'), 'enc');
    assert.match(await aes.textContent(), /AES-256 key · generated for encryption/);
  });

  test('the X25519 key receives a JWE from the Signer and the Decoder opens it', async () => {
    const jwk = await publicJwk(x25519);
    const x25519Id = await x25519.getAttribute('data-key-id');

    await page.getByTestId('nav-sign').click();
    await page.getByTestId('template-select').selectOption('custom');
    await page.getByTestId('encrypt-toggle').check();
    await page.getByTestId('encrypt-key-input').fill(JSON.stringify(jwk));
    await page.getByTestId('encrypt-alg-select').selectOption('ECDH-ES+A256KW');
    await page.getByTestId('sign-button').click();
    await page.getByTestId('signed-token').waitFor();
    try {
      await page.waitForFunction(
        (kid) => {
          const token = document.querySelector('[data-testid="encrypted-token"]')?.textContent;
          if (!token) return false;
          const header = JSON.parse(atob(token.split('.')[0].replace(/-/g, '+').replace(/_/g, '/')));
          return header.alg === 'ECDH-ES+A256KW' && header.kid === kid;
        },
        jwk.kid,
        { timeout: 15_000 },
      );
    } catch (err) {
      const error = page.getByTestId('encrypt-error');
      const message = (await error.count()) ? await error.textContent() : 'no encrypt-error shown';
      assert.fail(`no encrypted token (${message}); ${err.message}`);
    }
    const token = (await page.getByTestId('encrypted-token').textContent()).trim();
    assert.equal(token.split('.').length, 5);

    await page.getByTestId('nav-decode').click();
    await page.getByTestId('token-input').fill(token);
    await page.getByTestId('decrypt-key-select').selectOption(x25519Id);
    await page.locator('[data-testid="decrypt-status"][data-status="decrypted"]').waitFor({ timeout: 15_000 });
    assert.equal(await page.getByTestId('decrypt-status').getAttribute('data-status'), 'decrypted');
    assert.ok(signingId);
  });
});
