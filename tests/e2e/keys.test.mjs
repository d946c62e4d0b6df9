// The Keys view: every key type is generated, every import format is read, and the thumbprint
// the app shows equals the one Node computes from the same key (RFC 7638).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { openApp } from './harness.mjs';

/** RFC 7638 §3: SHA-256 over the required members in lexicographic order, base64url. */
function thumbprint(jwk) {
  const required = { RSA: ['e', 'kty', 'n'], EC: ['crv', 'kty', 'x', 'y'], OKP: ['crv', 'kty', 'x'], oct: ['k', 'kty'] };
  const canonical = JSON.stringify(Object.fromEntries(required[jwk.kty].map((name) => [name, jwk[name]])));
  return crypto.createHash('sha256').update(canonical).digest('base64url');
}

const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' });
const rsaThumbprint = thumbprint(rsa.publicKey.export({ format: 'jwk' }));
const ecThumbprint = thumbprint(ec.publicKey.export({ format: 'jwk' }));

/** A self-signed certificate for `keyPem`, made by the openssl command line tool. */
function certificateFor(keyPem) {
  const dir = execFileSync('mktemp', ['-d']).toString().trim();
  execFileSync('sh', ['-c', `cat > ${dir}/key.pem`], { input: keyPem });
  return execFileSync('openssl', ['req', '-x509', '-key', `${dir}/key.pem`, '-subj', '/CN=kjd test', '-days', '1']).toString();
}

/** Inputs, selects and textareas in the view without a visible label (should be none). */
const unlabelled = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('main input, main select, main textarea')]
      .filter((el) => ![...(el.labels ?? [])].some((label) => label.offsetParent !== null && label.textContent.trim()))
      .map((el) => el.dataset.testid ?? el.id),
  );

describe('the Keys view', () => {
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

  async function clearKeyring() {
    if (await page.getByTestId('keyring-clear').isEnabled()) await page.getByTestId('keyring-clear').click();
    assert.equal(await items().count(), 0);
  }

  /** Reveals the shown key's private exports: they cross to the page only when asked for. */
  async function reveal() {
    const button = page.getByTestId('private-reveal');
    if ((await button.getAttribute('aria-pressed')) !== 'true') await button.click();
    await page.locator('[data-testid="private-jwk"][data-concealed="false"]').waitFor();
  }

  /** Pastes `text` into the import box, imports, and returns the kid of the newest key. */
  async function importText(text, password = '') {
    const before = await items().count();
    await page.getByTestId('key-import-input').fill(text);
    await page.getByTestId('key-import-password').fill(password);
    await page.getByTestId('key-import-button').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="keyring-item"]').length > n, before);
    return items().last().getAttribute('data-kid');
  }

  const GENERATED = [
    ['RSA-2048', 'RSA 2048', 'BEGIN PRIVATE KEY'],
    ['RSA-3072', 'RSA 3072', 'BEGIN PRIVATE KEY'],
    ['RSA-4096', 'RSA 4096', 'BEGIN PRIVATE KEY'],
    ['EC-P256', 'EC P-256', 'BEGIN PRIVATE KEY'],
    ['EC-P384', 'EC P-384', 'BEGIN PRIVATE KEY'],
    ['EC-P521', 'EC P-521', 'BEGIN PRIVATE KEY'],
    ['Ed25519', 'Ed25519', 'BEGIN PRIVATE KEY'],
  ];
  for (const [type, label, privateHeader] of GENERATED) {
    test(`generates an ${type} key with PEM, JWK and its RFC 7638 thumbprint`, async () => {
      const before = await items().count();
      await page.getByTestId('keygen-type-select').selectOption(type);
      await page.getByTestId('keygen-button').click();
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="keyring-item"]').length > n, before, { timeout: 120_000 });

      assert.equal(await page.getByTestId('key-type').textContent(), label);
      await reveal();
      assert.match(await page.getByTestId('private-key-pem').textContent(), new RegExp(privateHeader));
      assert.match(await page.getByTestId('public-key-pem').textContent(), /^-----BEGIN PUBLIC KEY-----/);
      const publicJwk = JSON.parse(await page.getByTestId('public-jwk').textContent());
      assert.equal(publicJwk.d, undefined, 'the public JWK has no private member');
      assert.ok(JSON.parse(await page.getByTestId('private-jwk').textContent()).d, 'the private JWK has d');
      assert.equal(await page.getByTestId('key-thumbprint').textContent(), thumbprint(publicJwk));
      // The SPKI PEM is a real public key: Node reads it and finds the same JWK.
      const fromPem = crypto.createPublicKey(await page.getByTestId('public-key-pem').textContent()).export({ format: 'jwk' });
      assert.equal(thumbprint(fromPem), thumbprint(publicJwk));
    });
  }

  test('generates an HMAC-256 secret of 32 bytes', async () => {
    await page.getByTestId('keygen-type-select').selectOption('HMAC-256');
    await page.getByTestId('keygen-button').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="key-type"]')?.textContent.startsWith('HMAC'));
    await reveal();

    const jwk = JSON.parse(await page.getByTestId('private-jwk').textContent());
    assert.equal(jwk.kty, 'oct');
    assert.equal(Buffer.from(jwk.k, 'base64url').length, 32);
    assert.equal(await page.getByTestId('public-key-pem').count(), 0, 'a secret has no public key');
  });

  test('shows progress while a key is generated, and cancelling adds no key', async () => {
    await clearKeyring();
    await page.getByTestId('keygen-type-select').selectOption('RSA-4096');
    await page.getByTestId('keygen-button').click();
    await page.getByTestId('keygen-progress').waitFor({ timeout: 2_000 });
    await page.getByTestId('keygen-cancel').click();

    assert.equal(await page.getByTestId('keygen-progress').count(), 0);
    await page.waitForTimeout(3_000);
    assert.equal(await items().count(), 0);
    assert.equal(await page.getByTestId('keygen-button').isEnabled(), true);
  });

  test('keeps private material off the page until revealed, and drops it again when hidden', async () => {
    await page.getByTestId('keygen-type-select').selectOption('EC-P256');
    await page.getByTestId('keygen-button').click();
    await items().first().waitFor();

    const pem = page.getByTestId('private-key-pem');
    assert.equal(await pem.getAttribute('data-concealed'), 'true');
    assert.doesNotMatch(await pem.textContent(), /PRIVATE KEY/);
    await reveal();
    assert.equal(await pem.getAttribute('data-concealed'), 'false');
    assert.match(await pem.textContent(), /BEGIN PRIVATE KEY/);
    await page.getByTestId('private-reveal').click();
    await page.locator('[data-testid="private-key-pem"][data-concealed="true"]').waitFor({ state: 'attached' });
    assert.doesNotMatch(await pem.textContent(), /PRIVATE KEY/);
  });

  test('keyring-clear forgets every key', async () => {
    await page.getByTestId('keygen-type-select').selectOption('Ed25519');
    await page.getByTestId('keygen-button').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="keyring-item"]').length >= 2);

    await page.getByTestId('keyring-clear').click();

    assert.equal(await items().count(), 0);
    assert.equal(await page.getByTestId('keyring-count').getAttribute('data-count'), '0');
    assert.equal(await page.getByTestId('private-key-pem').count(), 0);
  });

  test('imports a PKCS#8 PEM private key', async () => {
    assert.equal(await importText(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' })), rsaThumbprint);
    assert.match(await page.getByTestId('key-import-result').textContent(), /PKCS#8/);
  });

  test('imports an encrypted PKCS#8 PEM key with its password', async () => {
    const encrypted = ec.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse' });
    assert.equal(await importText(encrypted, 'correct horse'), ecThumbprint);
  });

  test('refuses an encrypted PKCS#8 key with the wrong password, saying so', async () => {
    const encrypted = ec.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse' });
    await page.getByTestId('key-import-input').fill(encrypted);
    await page.getByTestId('key-import-password').fill('wrong');
    await page.getByTestId('key-import-button').click();

    assert.match(await page.getByTestId('key-import-error').textContent(), /password/i);
  });

  test('imports a PKCS#1 RSA private key', async () => {
    assert.equal(await importText(rsa.privateKey.export({ type: 'pkcs1', format: 'pem' })), rsaThumbprint);
  });

  test('imports a PKCS#1 RSA public key', async () => {
    assert.equal(await importText(rsa.publicKey.export({ type: 'pkcs1', format: 'pem' })), rsaThumbprint);
  });

  test('imports a SEC1 EC private key', async () => {
    assert.equal(await importText(ec.privateKey.export({ type: 'sec1', format: 'pem' })), ecThumbprint);
  });

  test('imports an SPKI public key', async () => {
    assert.equal(await importText(ec.publicKey.export({ type: 'spki', format: 'pem' })), ecThumbprint);
    assert.equal(await items().last().getAttribute('data-material'), 'public');
  });

  test('imports the public key of an X.509 certificate', async () => {
    const certificate = certificateFor(ec.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    assert.equal(await importText(certificate), ecThumbprint);
  });

  test('imports a private JWK and keeps its kid', async () => {
    const jwk = { ...ec.privateKey.export({ format: 'jwk' }), kid: 'my-key-1' };
    assert.equal(await importText(JSON.stringify(jwk)), 'my-key-1');
    assert.equal(await items().last().getAttribute('data-material'), 'private');
  });

  test('imports every key of a JWKS', async () => {
    const before = await items().count();
    const jwks = {
      keys: [
        { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'a' },
        { ...ec.publicKey.export({ format: 'jwk' }), kid: 'b' },
      ],
    };
    await importText(JSON.stringify(jwks));

    assert.equal(await items().count(), before + 2);
    assert.deepEqual(
      [await items().nth(before).getAttribute('data-kid'), await items().nth(before + 1).getAttribute('data-kid')],
      ['a', 'b'],
    );
  });

  test('imports a binary DER file chosen with the file input', async () => {
    const before = await items().count();
    const der = rsa.privateKey.export({ type: 'pkcs8', format: 'der' });
    await page.getByTestId('key-import-file').setInputFiles({ name: 'key.der', mimeType: 'application/octet-stream', buffer: der });
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="keyring-item"]').length > n, before);

    assert.equal(await items().last().getAttribute('data-kid'), rsaThumbprint);
  });

  test('says why text that is not a key cannot be imported', async () => {
    await page.getByTestId('key-import-input').fill('hello, I am not a key');
    await page.getByTestId('key-import-button').click();

    assert.ok((await page.getByTestId('key-import-error').textContent()).length > 10);
  });

  test('removes one key from the keyring', async () => {
    const before = await items().count();
    await items().first().getByTestId('keyring-remove').click();

    assert.equal(await items().count(), before - 1);
  });

  test('never puts a private key in the URL or in browser storage', async () => {
    const leaked = await page.evaluate(() => {
      const stored = [localStorage, sessionStorage].flatMap((storage) =>
        Object.keys(storage).map((name) => storage.getItem(name)),
      );
      return [location.href, ...stored].filter((text) => /PRIVATE KEY|"d"\s*:/.test(text ?? ''));
    });
    assert.deepEqual(leaked, []);
  });

  test('reads a key file dropped on the import box', async () => {
    const pem = ec.publicKey.export({ type: 'spki', format: 'pem' });
    const transfer = await page.evaluateHandle((text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], 'public.pem', { type: 'application/x-pem-file' }));
      return data;
    }, pem);
    await page.getByTestId('key-import-input').dispatchEvent('dragover', { dataTransfer: transfer });
    await page.getByTestId('key-import-input').dispatchEvent('drop', { dataTransfer: transfer });

    await page.waitForFunction((text) => document.querySelector('[data-testid="key-import-input"]').value === text, pem);
    assert.match(await page.getByTestId('key-import-result').textContent(), /public\.pem/);
  });

  test('gives every input a visible label', async () => {
    assert.deepEqual(await unlabelled(page), []);
  });

  test('logs no errors and breaks no Content-Security-Policy rule', () => {
    assert.deepEqual(app.consoleErrors, []);
    assert.deepEqual(app.cspViolations, []);
  });
});
