// The Signer: tokens signed in the app with every algorithm verify with Node's own crypto, the
// templates fill in what Koppeltaal expects, and mistakes are named precisely.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { openApp } from './harness.mjs';

/** Checks a compact JWS with Node's crypto. `key` is a public PEM, or the secret bytes for HS*. */
function verifyWithNode(token, key, alg) {
  const [header, payload, signature] = token.split('.');
  const input = Buffer.from(`${header}.${payload}`);
  const sig = Buffer.from(signature, 'base64url');
  const hash = `sha${alg.slice(2)}`;
  if (alg.startsWith('HS')) return crypto.timingSafeEqual(crypto.createHmac(hash, key).update(input).digest(), sig);
  if (alg.startsWith('RS')) return crypto.verify(hash, input, key, sig);
  if (alg.startsWith('PS'))
    return crypto.verify(hash, input, { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: crypto.constants.RSA_PSS_SALTLEN_DIGEST }, sig);
  if (alg.startsWith('ES')) return crypto.verify(hash, input, { key, dsaEncoding: 'ieee-p1363' }, sig);
  return crypto.verify(null, input, key, sig);
}

const part = (token, index) => JSON.parse(Buffer.from(token.split('.')[index], 'base64url'));
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// Key type → the algorithms it signs with.
const KEY_TYPES = {
  'RSA-2048': ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'],
  'EC-P256': ['ES256'],
  'EC-P384': ['ES384'],
  'EC-P521': ['ES512'],
  Ed25519: ['EdDSA'],
  'HMAC-256': ['HS256'],
};

/** Inputs, selects and textareas in the view without a visible label (should be none). */
const unlabelled = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('main input, main select, main textarea')]
      .filter((el) => ![...(el.labels ?? [])].some((label) => label.offsetParent !== null && label.textContent.trim()))
      .map((el) => el.dataset.testid ?? el.id),
  );

describe('the Signer', () => {
  let app;
  let page;
  /** Key type → { id: keyring id, verifyKey: public PEM or secret bytes, kid }. */
  const keys = {};

  before(async () => {
    app = await openApp('#/keys');
    page = app.page;
    await app.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    for (const type of Object.keys(KEY_TYPES)) {
      const count = await page.getByTestId('keyring-item').count();
      await page.getByTestId('keygen-type-select').selectOption(type);
      await page.getByTestId('keygen-button').click();
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="keyring-item"]').length > n, count, { timeout: 60_000 });
      const item = page.getByTestId('keyring-item').last();
      if (type.startsWith('HMAC')) {
        // The secret reaches the page only when revealed.
        await page.getByTestId('private-reveal').click();
        await page.locator('[data-testid="private-jwk"][data-concealed="false"]').waitFor();
      }
      keys[type] = {
        id: await item.getAttribute('data-key-id'),
        kid: await item.getAttribute('data-kid'),
        verifyKey: type.startsWith('HMAC')
          ? Buffer.from(JSON.parse(await page.getByTestId('private-jwk').textContent()).k, 'base64url')
          : await page.getByTestId('public-key-pem').textContent(),
      };
    }
    await page.getByTestId('nav-sign').click();
    await page.getByTestId('template-select').selectOption('custom');
  });

  after(async () => {
    await app?.close();
  });

  async function useKeyringKey(type) {
    await page.getByTestId('sign-key-input').fill('');
    await page.getByTestId('sign-key-select').selectOption(keys[type].id);
  }

  /** Chooses a template and has it fill header and payload, over any hand edit an earlier test left. */
  async function chooseTemplate(template) {
    await page.getByTestId('template-select').selectOption(template);
    if (await page.getByTestId('sign-edit-kept').isVisible()) await page.getByTestId('sign-edit-rebuild').click();
  }

  async function sign() {
    await page.getByTestId('sign-button').click();
    await page.getByTestId('signed-token').waitFor();
    return page.getByTestId('signed-token').textContent();
  }

  for (const [type, algs] of Object.entries(KEY_TYPES)) {
    for (const alg of algs) {
      test(`signs ${alg} with a generated ${type} key, verifiable by Node`, async () => {
        await useKeyringKey(type);
        await page.getByTestId('sign-alg-select').selectOption(alg);

        const token = await sign();

        assert.deepEqual(part(token, 0), { alg, typ: 'JWT', kid: keys[type].kid });
        assert.equal(verifyWithNode(token, keys[type].verifyKey, alg), true);
      });
    }
  }

  for (const alg of ['HS384', 'HS512']) {
    test(`signs ${alg} with a pasted 64-byte secret (oct JWK), verifiable by Node`, async () => {
      const secret = crypto.randomBytes(64);
      await page.getByTestId('sign-key-input').fill(JSON.stringify({ kty: 'oct', k: secret.toString('base64url') }));
      await page.getByTestId('sign-alg-select').selectOption(alg);

      const token = await sign();

      assert.equal(part(token, 0).alg, alg);
      assert.equal(verifyWithNode(token, secret, alg), true);
      await page.getByTestId('sign-key-input').fill('');
    });
  }

  test('offers a 32-byte secret only HS256, which its length allows', async () => {
    await useKeyringKey('HMAC-256');
    const offered = await page.locator('[data-testid="sign-alg-select"] option').evaluateAll((options) => options.map((o) => o.value));
    assert.deepEqual(offered, ['HS256']);
  });

  test('offers only the algorithms the key allows', async () => {
    await useKeyringKey('EC-P384');
    const offered = () => page.locator('[data-testid="sign-alg-select"] option').evaluateAll((options) => options.map((o) => o.value));
    assert.deepEqual(await offered(), ['ES384']);

    await useKeyringKey('RSA-2048');
    assert.deepEqual(await offered(), KEY_TYPES['RSA-2048']);
  });

  test('signs with a private key pasted as PEM', async () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await page.getByTestId('sign-key-input').fill(privateKey.export({ type: 'pkcs8', format: 'pem' }));

    const token = await sign();

    assert.equal(part(token, 0).alg, 'ES256');
    assert.equal(verifyWithNode(token, publicKey, 'ES256'), true);
    await page.getByTestId('sign-key-input').fill('');
  });

  test('refuses a public key as signing key, saying why', async () => {
    const { publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await page.getByTestId('sign-key-input').fill(publicKey.export({ type: 'spki', format: 'pem' }));

    assert.match(await page.getByTestId('sign-key-error').textContent(), /private key/);
    await page.getByTestId('sign-key-input').fill('');
  });

  test('names the line and column of invalid payload JSON', async () => {
    await useKeyringKey('EC-P256');
    await page.getByTestId('sign-payload-input').fill('{\n  "sub": "x",\n}');
    await page.getByTestId('sign-button').click();

    assert.match(await page.getByTestId('sign-error').textContent(), /payload.*line 3, column 1/s);
  });

  test('refuses a header alg that differs from the chosen algorithm', async () => {
    await useKeyringKey('EC-P256');
    await page.getByTestId('sign-payload-input').fill('{"sub": "x"}');
    await page.getByTestId('sign-header-input').fill('{"alg": "RS256", "typ": "JWT"}');
    await page.getByTestId('sign-button').click();

    assert.match(await page.getByTestId('sign-error').textContent(), /RS256.*ES256/);
  });

  test('refresh-times gives a fresh iat, exp and jti, keeping the lifetime', async () => {
    await page.getByTestId('sign-payload-input').fill(JSON.stringify({ sub: 'x', iat: 1000, exp: 1120, jti: 'old' }));
    await page.getByTestId('refresh-times').click();

    const payload = JSON.parse(await page.getByTestId('sign-payload-input').inputValue());
    assert.ok(Math.abs(payload.iat - Date.now() / 1000) < 30);
    assert.equal(payload.exp - payload.iat, 120);
    assert.match(payload.jti, UUID_V4);
  });

  test('copies the signed token and confirms with "Copied"', async () => {
    await useKeyringKey('Ed25519');
    await page.getByTestId('sign-header-input').fill('{"typ": "JWT"}');
    await page.getByTestId('sign-payload-input').fill('{"sub": "copy me"}');
    const token = await sign();

    await page.getByTestId('signed-token-copy').click();

    await page.waitForFunction(() => document.querySelector('[data-testid="signed-token-copy"]').textContent === 'Copied');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), token);
  });

  test('fills a client assertion from the template, with a curl token request', async () => {
    await chooseTemplate('client-assertion');
    await useKeyringKey('RSA-2048');
    await page.getByTestId('sign-alg-select').selectOption('RS384');
    await page.getByTestId('ca-client-id').fill('device-123');
    await page.getByTestId('ca-token-endpoint').fill('https://auth.example.org/oauth2/token');
    await page.getByTestId('ca-scope').fill('system/*.cruds');

    const token = await sign();

    const payload = part(token, 1);
    assert.equal(payload.iss, 'device-123');
    assert.equal(payload.sub, 'device-123');
    assert.equal(payload.aud, 'https://auth.example.org/oauth2/token');
    assert.equal(payload.exp - payload.iat, 300);
    assert.match(payload.jti, UUID_V4);
    assert.deepEqual(part(token, 0), { alg: 'RS384', typ: 'JWT', kid: keys['RSA-2048'].kid });
    const curl = await page.getByTestId('token-request-curl').textContent();
    assert.match(curl, /^curl -X POST 'https:\/\/auth\.example\.org\/oauth2\/token'/);
    assert.ok(curl.includes(`client_assertion=${token}`));
    assert.match(await page.getByTestId('token-request-body').textContent(), /grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer/);
  });

  test('refuses a template lifetime over 300 seconds', async () => {
    await page.getByTestId('template-select').selectOption('client-assertion');
    await page.getByTestId('ca-lifetime').fill('301');

    assert.match(await page.getByTestId('template-error').textContent(), /301/);
    await page.getByTestId('ca-lifetime').fill('300');
  });

  test('fills an HTI launch token and an auto-submitting launch form it never submits', async () => {
    await chooseTemplate('hti-launch');
    await useKeyringKey('EC-P384');
    await page.getByTestId('hti-portal-client-id').fill('portal-1');
    await page.getByTestId('hti-module-device-id').fill('module-9');
    await page.getByTestId('hti-sub').fill('Patient/42');
    await page.getByTestId('hti-task-id').fill('task-7');
    await page.getByTestId('hti-fhir-base-url').fill('https://fhir.example.org/fhir');
    await page.getByTestId('hti-launch-url').fill('https://module.example.org/launch');
    const requestsBefore = app.requests.length;

    const token = await sign();

    const payload = part(token, 1);
    assert.equal(payload.aud, 'Device/module-9');
    assert.equal(payload.resource, 'Task/task-7');
    assert.equal(payload['hti-version'], '2.0');
    const form = await page.getByTestId('hti-launch-form').textContent();
    assert.ok(form.includes(`name="launch" value="${token}"`));
    assert.ok(form.includes('name="iss" value="https://fhir.example.org/fhir"'));
    assert.ok(form.includes('action="https://module.example.org/launch"'));
    assert.deepEqual(app.requests.slice(requestsBefore).filter((r) => r.url.includes('example.org')), []);
  });

  test('opens the signed token in the Decoder with its public key, which verifies it', async () => {
    await page.getByTestId('template-select').selectOption('custom');
    await useKeyringKey('EC-P521');
    await page.getByTestId('sign-payload-input').fill('{"sub": "decoder"}');
    const token = await sign();

    await page.getByTestId('open-in-decoder').click();

    await page.getByTestId('token-input').waitFor();
    assert.equal(await page.getByTestId('token-input').inputValue(), token);
    assert.match(await page.getByTestId('verify-key-input').inputValue(), /BEGIN PUBLIC KEY/);
    await page.locator('[data-testid="verify-status"]:not([data-status="loading"])').waitFor();
    assert.equal(await page.getByTestId('verify-status').getAttribute('data-status'), 'valid');
  });

  test('gives every input a visible label, in every template', async () => {
    await page.getByTestId('nav-sign').click();
    for (const template of ['client-assertion', 'hti-launch', 'custom']) {
      await page.getByTestId('template-select').selectOption(template);
      assert.deepEqual(await unlabelled(page), [], template);
    }
  });

  test('keeps the form and the signed token while the user visits another view', async () => {
    await page.getByTestId('nav-sign').click();
    await chooseTemplate('client-assertion');
    await useKeyringKey('RSA-2048');
    await page.getByTestId('ca-client-id').fill('kept-client');
    await page.getByTestId('ca-token-endpoint').fill('https://auth.example.org/oauth2/token');
    const token = await sign();

    await page.getByTestId('nav-keys').click();
    await page.getByTestId('keygen-button').waitFor();
    await page.getByTestId('nav-sign').click();

    assert.equal(await page.getByTestId('template-select').inputValue(), 'client-assertion');
    assert.equal(await page.getByTestId('ca-client-id').inputValue(), 'kept-client');
    assert.equal(await page.getByTestId('signed-token').textContent(), token);
  });

  test('"use for signing" in the Keys view wins over the key the draft remembers', async () => {
    await page.getByTestId('nav-keys').click();
    await page.locator(`[data-testid="keyring-item"][data-key-id="${keys['EC-P384'].id}"]`).getByTestId('keyring-use-for-signing').click();
    await page.getByTestId('nav-sign').click();

    assert.equal(await page.getByTestId('sign-key-select').inputValue(), keys['EC-P384'].id);
    assert.match(await page.getByTestId('sign-key-info').textContent(), /EC P-384/);
    assert.equal(JSON.parse(await page.getByTestId('sign-header-input').inputValue()).alg, 'ES384');
  });

  test('logs no errors and breaks no Content-Security-Policy rule', () => {
    assert.deepEqual(app.consoleErrors, []);
    assert.deepEqual(app.cspViolations, []);
  });
});
