// Encrypt for the receiver (issue 13, the Signer): a token signed in the app is encrypted for a
// recipient's public key as a nested JWT, for every alg × enc the app offers, and an independent
// library (panva `jose`) opens it with the matching private key: the plaintext is the signed token,
// the header says `cty: "JWT"` and names the recipient's `kid`. The HTI launch form then posts the
// encrypted token instead of the signed one.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import * as jose from 'jose';
import { openApp } from './harness.mjs';

const ENCS = ['A128CBC-HS256', 'A192CBC-HS384', 'A256CBC-HS512', 'A128GCM', 'A192GCM', 'A256GCM'];
const CEK_BYTES = { 'A128CBC-HS256': 32, 'A192CBC-HS384': 48, 'A256CBC-HS512': 64, A128GCM: 16, A192GCM: 24, A256GCM: 32 };
const PASSWORD = 'correct horse battery staple';
const KW_BYTES = { A128KW: 16, A192KW: 24, A256KW: 32, A128GCMKW: 16, A192GCMKW: 24, A256GCMKW: 32 };
// Every KeyManagement but RSA1_5 (decrypt only), in the engine's order.
const OFFERED_ALGS = [
  'RSA-OAEP', 'RSA-OAEP-256', 'RSA-OAEP-384', 'RSA-OAEP-512', 'A128KW', 'A192KW', 'A256KW', 'dir',
  'ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW', 'A128GCMKW', 'A192GCMKW', 'A256GCMKW',
  'PBES2-HS256+A128KW', 'PBES2-HS384+A192KW', 'PBES2-HS512+A256KW',
];

const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = {
  'P-256': crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  'P-384': crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' }),
  'P-521': crypto.generateKeyPairSync('ec', { namedCurve: 'P-521' }),
  X25519: crypto.generateKeyPairSync('x25519'),
};
const publicJwk = (pair, kid) => JSON.stringify({ ...pair.publicKey.export({ format: 'jwk' }), kid, use: 'enc' });
const octJwk = (bytes, kid) => JSON.stringify({ kty: 'oct', k: bytes.toString('base64url'), kid });
const header = (token) => JSON.parse(Buffer.from(token.split('.')[0], 'base64url'));

/**
 * { label, alg, kid, pasted: the recipient JWK text, key: what jose decrypts with } per recipient.
 * PBES2's "key" is a password, given to the Signer as an `oct` JWK of its bytes.
 */
function recipients(enc) {
  const rows = [];
  const row = (label, alg, pasted, key, kid) => rows.push({ label, alg, kid, pasted, key });
  for (const alg of ['RSA-OAEP', 'RSA-OAEP-256', 'RSA-OAEP-384', 'RSA-OAEP-512']) {
    const kid = `module-${alg}-${enc}`;
    row(alg, alg, publicJwk(rsa, kid), rsa.privateKey, kid);
  }
  for (const alg of ['ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW']) {
    for (const [curve, pair] of Object.entries(ec)) {
      const kid = `module-${alg}-${curve}-${enc}`;
      row(`${alg} ${curve}`, alg, publicJwk(pair, kid), pair.privateKey, kid);
    }
  }
  for (const alg of ['A128KW', 'A192KW', 'A256KW', 'A128GCMKW', 'A192GCMKW', 'A256GCMKW']) {
    const secret = crypto.randomBytes(KW_BYTES[alg]);
    const kid = `shared-${alg}-${enc}`;
    row(alg, alg, octJwk(secret, kid), new Uint8Array(secret), kid);
  }
  const cek = crypto.randomBytes(CEK_BYTES[enc]);
  row('dir', 'dir', octJwk(cek, `shared-dir-${enc}`), new Uint8Array(cek), `shared-dir-${enc}`);
  // PBES2's key is a password; the Signer takes it as an `oct` JWK holding the password's bytes.
  for (const alg of ['PBES2-HS256+A128KW', 'PBES2-HS384+A192KW', 'PBES2-HS512+A256KW']) {
    const kid = `password-${alg}-${enc}`;
    row(alg, alg, octJwk(Buffer.from(PASSWORD), kid), new TextEncoder().encode(PASSWORD), kid);
  }
  return rows;
}

describe('the Signer encrypts for the receiver', () => {
  let app;
  let page;
  let signed;

  before(async () => {
    app = await openApp('#/keys');
    page = app.page;
    await page.getByTestId('keygen-type-select').selectOption('EC-P256');
    await page.getByTestId('keygen-button').click();
    await page.getByTestId('keyring-item').waitFor({ timeout: 60_000 });
    await page.getByTestId('nav-sign').click();
    await page.getByTestId('template-select').selectOption('custom');
  });

  after(async () => {
    await app?.close();
  });

  /** Signs what the draft shows and returns the signed token. */
  async function sign() {
    await page.getByTestId('sign-button').click();
    await page.getByTestId('signed-token').waitFor();
    return page.getByTestId('signed-token').textContent();
  }

  /**
   * Waits for the encrypted token made for `kid` with `alg` + `enc` (an answer for inputs set a
   * moment earlier carries another kid, alg or enc), or fails with the worker's message.
   */
  async function encryptedFor({ kid, alg, enc, label }) {
    try {
      await page.waitForFunction(
        ({ kid, alg, enc }) => {
          const token = document.querySelector('[data-testid="encrypted-token"]')?.textContent;
          if (!token) return false;
          const segment = token.split('.')[0].replace(/-/g, '+').replace(/_/g, '/');
          const header = JSON.parse(atob(segment));
          return header.kid === kid && header.alg === alg && header.enc === enc;
        },
        { kid, alg, enc },
        { timeout: 15_000 },
      );
    } catch (err) {
      const error = page.getByTestId('encrypt-error');
      const message = (await error.count()) ? await error.textContent() : 'no encrypt-error shown';
      assert.fail(`${label} + ${enc}: no encrypted token (${message}); ${err.message}`);
    }
    return page.getByTestId('encrypted-token').textContent();
  }

  /** Opens `token` with jose and checks it is the nested signed token for `kid`. */
  async function assertOpens(token, { key, kid, alg, enc, label }, plaintext) {
    const { plaintext: opened, protectedHeader } = await jose.compactDecrypt(token, key, {
      keyManagementAlgorithms: [alg],
      contentEncryptionAlgorithms: [enc],
      // The engine's PBES2 count (310,000, OWASP's figure for PBKDF2-SHA256) is above jose's
      // default ceiling of 10,000.
      maxPBES2Count: 1_000_000,
    });
    assert.equal(new TextDecoder().decode(opened), plaintext, `${label} + ${enc}`);
    assert.equal(protectedHeader.cty, 'JWT', `${label} + ${enc}`);
    assert.equal(protectedHeader.kid, kid, `${label} + ${enc}`);
  }

  test('offers every key management algorithm but RSA1_5 and every content encryption, RSA-OAEP-256 + A256GCM first', async () => {
    assert.equal(await page.getByTestId('encrypt-key-input').count(), 0, 'the step starts off');

    await page.getByTestId('encrypt-toggle').check();

    const values = (testid) =>
      page.locator(`[data-testid="${testid}"] option`).evaluateAll((options) => options.map((o) => o.value));
    assert.deepEqual(await values('encrypt-alg-select'), OFFERED_ALGS);
    assert.deepEqual(await values('encrypt-enc-select'), ENCS);
    assert.equal(await page.getByTestId('encrypt-alg-select').inputValue(), 'RSA-OAEP-256');
    assert.equal(await page.getByTestId('encrypt-enc-select').inputValue(), 'A256GCM');
  });

  test('encrypts the signed token for a pasted RSA public JWK as a nested JWT', async () => {
    const [first] = recipients('A256GCM').filter((row) => row.alg === 'RSA-OAEP-256');
    await page.getByTestId('encrypt-key-input').fill(first.pasted);

    signed = await sign();

    const token = await encryptedFor({ ...first, enc: 'A256GCM' });
    await assertOpens(token, { ...first, enc: 'A256GCM' }, signed);
    assert.match(await page.getByTestId('encrypt-recipient').textContent(), new RegExp(first.kid));
  });

  for (const enc of ENCS) {
    test(`every recipient key kind with ${enc}`, async () => {
      await page.getByTestId('encrypt-enc-select').selectOption(enc);
      for (const row of recipients(enc)) {
        // The key first: a token for the new kid with the new alg can only be the final one.
        await page.getByTestId('encrypt-key-input').fill(row.pasted);
        await page.getByTestId('encrypt-alg-select').selectOption(row.alg);

        const token = await encryptedFor({ ...row, enc });

        await assertOpens(token, { ...row, enc }, signed);
        assert.equal(await page.getByTestId('signed-token').textContent(), signed);
      }
    });
  }

  test('a key that does not fit the algorithm is named in encrypt-error', async () => {
    await page.getByTestId('encrypt-alg-select').selectOption('RSA-OAEP-256');
    await page.getByTestId('encrypt-key-input').fill(publicJwk(ec['P-256'], 'ec-for-rsa'));

    // The error for the EC key, not one for the key pasted before it.
    await page.waitForFunction(() => /P-256/.test(document.querySelector('[data-testid="encrypt-error"]')?.textContent ?? ''));

    assert.match(await page.getByTestId('encrypt-error').textContent(), /RSA/);
    assert.equal(await page.getByTestId('encrypted-token').count(), 0);
  });

  test('never shows an encrypted token for a signed token that is stale', async () => {
    const rsaRow = { label: 'stale check', alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'module-stale', key: rsa.privateKey };
    await page.getByTestId('encrypt-enc-select').selectOption('A256GCM');
    await page.getByTestId('encrypt-key-input').fill(publicJwk(rsa, rsaRow.kid));
    await encryptedFor(rsaRow);

    await page.getByTestId('sign-payload-input').fill('{"sub": "changed"}');

    await page.getByTestId('signed-stale').waitFor();
    assert.equal(await page.getByTestId('encrypted-token').count(), 0);
    signed = await sign();
    await assertOpens(await encryptedFor(rsaRow), rsaRow, signed);
  });

  test('the HTI launch form posts the encrypted token, and the template says HTI:jwe needs a kid', async () => {
    const row = { label: 'HTI', alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'module-enc-1', key: rsa.privateKey };
    await page.getByTestId('template-select').selectOption('hti-launch');
    if (await page.getByTestId('sign-edit-kept').isVisible()) await page.getByTestId('sign-edit-rebuild').click();
    assert.match(await page.getByTestId('encrypt-hti-hint').textContent(), /kid/);
    await page.getByTestId('hti-portal-client-id').fill('portal-1');
    await page.getByTestId('hti-module-device-id').fill('module-9');
    await page.getByTestId('hti-sub').fill('Patient/42');
    await page.getByTestId('hti-task-id').fill('task-7');
    await page.getByTestId('hti-fhir-base-url').fill('https://fhir.example.org/fhir');
    await page.getByTestId('hti-launch-url').fill('https://module.example.org/launch');
    await page.getByTestId('encrypt-key-input').fill(publicJwk(rsa, row.kid));

    const launch = await sign();

    const token = await encryptedFor(row);
    await assertOpens(token, row, launch);
    const form = await page.getByTestId('hti-launch-form').textContent();
    assert.ok(form.includes(`name="launch" value="${token}"`), form);
    assert.ok(!form.includes(launch), 'the signed token is not posted in the clear');
    assert.equal(header(token).cty, 'JWT');
  });

  test('without encryption the launch form posts the signed token again', async () => {
    await page.getByTestId('encrypt-toggle').uncheck();

    await page.getByTestId('encrypted-token').waitFor({ state: 'detached' });
    const form = await page.getByTestId('hti-launch-form').textContent();
    const launch = await page.getByTestId('signed-token').textContent();
    assert.ok(form.includes(`name="launch" value="${launch}"`), form);
    assert.equal(await page.getByTestId('encrypted-token').count(), 0);
  });

  test('logs no errors and breaks no Content-Security-Policy rule', () => {
    assert.deepEqual(app.consoleErrors, []);
    assert.deepEqual(app.cspViolations, []);
  });
});
