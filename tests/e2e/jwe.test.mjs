// Encrypted tokens (issue 13): JWEs made by an independent library (panva `jose`) for every
// alg × enc pair open in the Decoder, and an HTI:jwe launch (signed, then encrypted for the
// module) decrypts and goes on to the signature check and the verdict.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import * as jose from 'jose';
import { openApp } from './harness.mjs';

const ENCS = ['A128CBC-HS256', 'A192CBC-HS384', 'A256CBC-HS512', 'A128GCM', 'A192GCM', 'A256GCM'];
const CEK_BYTES = { 'A128CBC-HS256': 32, 'A192CBC-HS384': 48, 'A256CBC-HS512': 64, A128GCM: 16, A192GCM: 24, A256GCM: 32 };
const KW_BYTES = { A128KW: 16, A192KW: 24, A256KW: 32, A128GCMKW: 16, A192GCMKW: 24, A256GCMKW: 32 };
const PASSWORD = 'correct horse battery staple';

const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = {
  'P-256': crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  'P-384': crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' }),
  'P-521': crypto.generateKeyPairSync('ec', { namedCurve: 'P-521' }),
};
const x25519 = crypto.generateKeyPairSync('x25519');
const pkcs8 = (pair) => pair.privateKey.export({ type: 'pkcs8', format: 'pem' });
const octJwk = (bytes) => JSON.stringify({ kty: 'oct', k: bytes.toString('base64url') });

/** [label, alg, key for jose to encrypt with, text to paste into decrypt-key-input] per recipient. */
function recipients(enc) {
  const rows = [];
  for (const alg of ['RSA-OAEP', 'RSA-OAEP-256', 'RSA-OAEP-384', 'RSA-OAEP-512']) {
    rows.push([alg, alg, rsa.publicKey, pkcs8(rsa)]);
  }
  for (const alg of ['ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW']) {
    for (const [curve, pair] of Object.entries(ec)) rows.push([`${alg} ${curve}`, alg, pair.publicKey, pkcs8(pair)]);
    rows.push([`${alg} X25519`, alg, x25519.publicKey, pkcs8(x25519)]);
  }
  for (const alg of ['A128KW', 'A192KW', 'A256KW', 'A128GCMKW', 'A192GCMKW', 'A256GCMKW']) {
    const secret = crypto.randomBytes(KW_BYTES[alg]);
    rows.push([alg, alg, new Uint8Array(secret), octJwk(secret)]);
  }
  const cek = crypto.randomBytes(CEK_BYTES[enc]);
  rows.push(['dir', 'dir', new Uint8Array(cek), octJwk(cek)]);
  for (const alg of ['PBES2-HS256+A128KW', 'PBES2-HS384+A192KW', 'PBES2-HS512+A256KW']) {
    rows.push([alg, alg, new TextEncoder().encode(PASSWORD), PASSWORD]);
  }
  return rows;
}

describe('JWEs made by panva jose open in the Decoder', () => {
  let app;
  let page;

  before(async () => {
    app = await openApp('#/decode');
    page = app.page;
    await page.locator('[data-testid="engine-status"][data-status="ready"]').waitFor();
  });

  after(async () => {
    await app?.close();
  });

  async function decrypt(token, key) {
    await page.getByTestId('token-input').fill(token);
    await page.getByTestId('decrypt-key-input').fill(key);
    await page.locator('[data-testid="decrypt-status"]:not([data-status="loading"])').waitFor();
    return {
      status: await page.getByTestId('decrypt-status').getAttribute('data-status'),
      text: await page.getByTestId('decrypt-status').textContent(),
    };
  }

  for (const enc of ENCS) {
    test(`every key management algorithm with ${enc}`, async () => {
      for (const [label, alg, key, pasted] of recipients(enc)) {
        const plaintext = `secret launch for ${label} + ${enc}`;
        const token = await new jose.CompactEncrypt(new TextEncoder().encode(plaintext))
          .setProtectedHeader({ alg, enc, kid: 'module-enc-1', ...(alg.startsWith('PBES2') ? { p2c: 2048 } : {}) })
          .encrypt(key);

        const { status, text } = await decrypt(token, pasted);

        assert.equal(status, 'decrypted', `${label} + ${enc}: ${text}`);
        assert.equal(await page.getByTestId('jwe-plaintext').textContent(), plaintext, `${label} + ${enc}`);
      }
    });
  }

  test('shows the five segments and the readable header before any key is given', async () => {
    const token = await new jose.CompactEncrypt(new TextEncoder().encode('x'))
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'module-enc-1', cty: 'JWT' })
      .encrypt(rsa.publicKey);

    const { status } = await decrypt(token, '');

    assert.equal(status, 'locked');
    for (const segment of ['header', 'encrypted-key', 'iv', 'ciphertext', 'tag']) {
      await page.getByTestId(`segment-${segment}`).waitFor();
    }
    assert.deepEqual(JSON.parse(await page.getByTestId('jwe-header-json').textContent()), {
      alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'module-enc-1', cty: 'JWT',
    });
    assert.equal(await page.getByTestId('decode-error').count(), 0);
  });

  test('a wrong key says it does not decrypt this token', async () => {
    const token = await new jose.CompactEncrypt(new TextEncoder().encode('x'))
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM' })
      .encrypt(rsa.publicKey);
    const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });

    const { status, text } = await decrypt(token, pkcs8(other));

    assert.equal(status, 'failed');
    assert.match(text, /does not decrypt this token/);
  });

  test('an HTI:jwe launch decrypts, then its signature and the verdict are checked', async () => {
    const portal = crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const now = Math.floor(Date.now() / 1000);
    const launch = await new jose.SignJWT({
      sub: 'Patient/42', resource: 'Task/7', definition: 'ActivityDefinition/3', 'hti-version': '2.0',
    })
      .setProtectedHeader({ alg: 'ES384', typ: 'JWT', kid: 'portal-sig-1' })
      .setIssuer('portal-1').setAudience('Device/module-1').setIssuedAt(now).setExpirationTime(now + 240)
      .setJti(crypto.randomUUID())
      .sign(portal.privateKey);
    const token = await new jose.CompactEncrypt(new TextEncoder().encode(launch))
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'module-enc-1', cty: 'JWT' })
      .encrypt(rsa.publicKey);

    await decrypt(token, pkcs8(rsa));
    await page.getByTestId('verify-key-input').fill(portal.publicKey.export({ type: 'spki', format: 'pem' }));
    await page.getByTestId('expect-aud-input').fill('Device/module-1');
    await page.locator('[data-testid="verify-status"]:not([data-status="loading"])').waitFor();

    assert.equal(await page.getByTestId('verify-status').getAttribute('data-status'), 'valid');
    assert.equal(await page.getByTestId('profile-used').getAttribute('data-profile'), 'hti-launch');
    assert.match(await page.getByTestId('jwe-breadcrumb').textContent(), /Encrypted with RSA-OAEP-256 \+ A256GCM.*signed with ES384/);
    assert.equal(await page.getByTestId('verdict').getAttribute('data-verdict'), 'accept');
    await page.getByTestId('expect-aud-input').fill('');
  });

  test('an encrypted launch without the recipient kid is flagged', async () => {
    const token = await new jose.CompactEncrypt(new TextEncoder().encode('x'))
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM' })
      .encrypt(rsa.publicKey);

    await decrypt(token, pkcs8(rsa));

    await page.locator('[data-testid="finding"][data-rule="jwe.kid-missing"]').waitFor();
  });
});
