// The receiver's verdict (issue 12): for every profile, accept / reject / incomplete, with the
// expectations a receiver has; every paste shape; the key hint. Tokens are made here with Node's
// crypto, independently of the app.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { openApp } from './harness.mjs';

const b64u = (value) =>
  (Buffer.isBuffer(value) ? value : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value))).toString('base64url');
const NOW = Math.floor(Date.now() / 1000);
const ec384 = crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' });
const ec256 = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherEc384 = crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' });
const pem = (key) => key.export({ type: 'spki', format: 'pem' });

const SIGNERS = {
  ES384: (data) => crypto.sign('sha384', data, { key: ec384.privateKey, dsaEncoding: 'ieee-p1363' }),
  ES256: (data) => crypto.sign('sha256', data, { key: ec256.privateKey, dsaEncoding: 'ieee-p1363' }),
  RS512: (data) => crypto.sign('sha512', data, rsa.privateKey),
};
const PUBLIC = { ES384: pem(ec384.publicKey), ES256: pem(ec256.publicKey), RS512: pem(rsa.publicKey) };

function jwt(alg, payload, header = {}) {
  const input = `${b64u({ alg, typ: 'JWT', kid: `${alg.toLowerCase()}-key`, ...header })}.${b64u(payload)}`;
  return `${input}.${b64u(SIGNERS[alg](Buffer.from(input)))}`;
}

const TOKEN_ENDPOINT = 'https://auth.example.org/oauth2/token';
const AUTH_SERVER = 'https://auth.example.org';
const clientAssertion = (claims = {}) =>
  jwt('ES384', {
    iss: 'client-1', sub: 'client-1', aud: TOKEN_ENDPOINT, iat: NOW, exp: NOW + 240, jti: crypto.randomUUID(), ...claims,
  });
const htiLaunch = (claims = {}) =>
  jwt('ES384', {
    iss: 'portal-1', aud: 'Device/module-1', sub: 'Patient/42', resource: 'Task/7',
    definition: 'ActivityDefinition/3', 'hti-version': '2.0', iat: NOW, exp: NOW + 240, jti: crypto.randomUUID(), ...claims,
  });
const accessToken = (claims = {}) =>
  jwt('RS512', {
    iss: AUTH_SERVER, aud: 'fhir-server', iat: NOW, nbf: NOW, exp: NOW + 300, jti: crypto.randomUUID(),
    nonce: crypto.randomUUID(), type: 'access', sub: 'client-1', azp: 'client-1', scope: 'system/Patient.rs', ...claims,
  });
const idToken = (claims = {}) =>
  jwt('RS512', {
    iss: AUTH_SERVER, aud: 'client-1', azp: 'client-1', nonce: 'n-0S6_WzA2Mj', sub: 'Patient/42', exp: NOW + 300, ...claims,
  });
const generic = (claims = {}) => jwt('ES256', { sub: 'someone', exp: NOW + 600, ...claims });

describe('the receiver\'s verdict', () => {
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

  /** Fills the Decoder and the expectations, then reads the verdict once the worker answered. */
  async function verdictFor({ token, key = '', profile = 'auto', aud = '', iss = '', nonce = '' }) {
    await page.getByTestId('token-input').fill(token);
    await page.getByTestId('verify-key-input').fill(key);
    await page.getByTestId('profile-select').selectOption(profile);
    await page.getByTestId('expect-aud-input').fill(aud);
    await page.getByTestId('expect-iss-input').fill(iss);
    await page.getByTestId('expect-nonce-input').fill(nonce);
    await page.locator('[data-testid="verify-status"]:not([data-status="loading"])').waitFor();
    const verdict = page.getByTestId('verdict');
    return {
      kind: await verdict.getAttribute('data-verdict'),
      reasons: Number(await verdict.getAttribute('data-reasons')),
      text: await verdict.textContent(),
      rules: await page.getByTestId('verdict-reason').evaluateAll((items) => items.map((i) => i.dataset.rule)),
    };
  }

  const CASES = [
    // [name, inputs, expected kind, text that must appear, rule that must be a reason]
    ['client assertion, key and token endpoint: accept',
      { token: clientAssertion(), key: PUBLIC.ES384, aud: TOKEN_ENDPOINT }, 'accept', /auth server would accept/i],
    ['client assertion, expired: reject',
      { token: clientAssertion({ iat: NOW - 900, exp: NOW - 600 }), key: PUBLIC.ES384, aud: TOKEN_ENDPOINT }, 'reject', /auth server would reject/i, 'token.expired'],
    ['client assertion, no key: incomplete',
      { token: clientAssertion(), aud: TOKEN_ENDPOINT }, 'incomplete', /key/i],
    ['HTI launch, key and my Device id: accept',
      { token: htiLaunch(), key: PUBLIC.ES384, aud: 'Device/module-1' }, 'accept', /module would accept/i],
    ['HTI launch for another module: reject',
      { token: htiLaunch(), key: PUBLIC.ES384, aud: 'Device/module-2' }, 'reject', /module would reject/i, 'expect.aud-mismatch'],
    ['HTI launch without my Device id: incomplete',
      { token: htiLaunch(), key: PUBLIC.ES384 }, 'incomplete', /Device/],
    ['HTI launch with the wrong key: reject',
      { token: htiLaunch(), key: pem(otherEc384.publicKey), aud: 'Device/module-1' }, 'reject', /reject/i],
    ['access token with the auth server key: accept',
      { token: accessToken(), key: PUBLIC.RS512 }, 'accept', /accept/i],
    ['access token, tampered: reject',
      { token: accessToken().replace(/\.([^.]+)\./, (_, p) => `.${b64u({ ...JSON.parse(Buffer.from(p, 'base64url')), scope: 'system/*.cruds' })}.`), key: PUBLIC.RS512 }, 'reject', /reject/i],
    ['access token without a key: incomplete',
      { token: accessToken() }, 'incomplete', /key/i],
    ['id_token, client_id and nonce: accept',
      { token: idToken(), key: PUBLIC.RS512, aud: 'client-1', nonce: 'n-0S6_WzA2Mj' }, 'accept', /accept/i],
    ['id_token with another nonce: reject',
      { token: idToken(), key: PUBLIC.RS512, aud: 'client-1', nonce: 'another-nonce' }, 'reject', /reject/i, 'expect.nonce-mismatch'],
    ['id_token without the nonce sent: incomplete',
      { token: idToken(), key: PUBLIC.RS512, aud: 'client-1' }, 'incomplete', /nonce/i],
    ['generic JWT with its key: accept',
      { token: generic(), key: PUBLIC.ES256, profile: 'generic' }, 'accept', /accept/i],
    ['generic JWT with an untrusted issuer: reject',
      { token: generic({ iss: 'https://evil.example' }), key: PUBLIC.ES256, profile: 'generic', iss: 'https://good.example' }, 'reject', /reject/i, 'expect.iss-untrusted'],
    ['generic JWT without a key: incomplete',
      { token: generic(), profile: 'generic' }, 'incomplete', /key/i],
  ];

  for (const [name, inputs, kind, text, rule] of CASES) {
    test(name, async () => {
      const verdict = await verdictFor(inputs);

      assert.equal(verdict.kind, kind, verdict.text);
      assert.match(verdict.text, text);
      if (kind === 'reject') assert.ok(verdict.reasons > 0, verdict.text);
      if (kind !== 'reject') assert.equal(verdict.reasons, 0, verdict.text);
      if (rule) assert.ok(verdict.rules.includes(rule), `${rule} in ${verdict.rules}`);
    });
  }

  test('the SHOF id_token is detected as such', async () => {
    await verdictFor({ token: idToken(), key: PUBLIC.RS512 });
    assert.equal(await page.getByTestId('profile-used').getAttribute('data-profile'), 'id-token');
  });

  test('a valid signature on a rejected token is not shown as a success', async () => {
    await verdictFor({ token: clientAssertion({ iat: NOW - 900, exp: NOW - 600 }), key: PUBLIC.ES384, aud: TOKEN_ENDPOINT });

    assert.equal(await page.getByTestId('verify-status').getAttribute('data-status'), 'valid');
    assert.match(await page.getByTestId('verify-status').getAttribute('class'), /overruled/);
  });

  test('the verdict is visible without scrolling, on a desktop and on a phone', async () => {
    for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      await page.setViewportSize(viewport);
      await verdictFor({ token: htiLaunch(), key: PUBLIC.ES384, aud: 'Device/module-1' });
      // Filling the expectations scrolled down to them; the question is the page as it opens.
      await page.evaluate(() => window.scrollTo(0, 0));
      const box = await page.getByTestId('verdict').boundingBox();
      assert.ok(box && box.y >= 0 && box.y + 40 <= viewport.height, `${JSON.stringify(box)} in ${JSON.stringify(viewport)}`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  test('an access token without a key says where the receiver gets it', async () => {
    await verdictFor({ token: accessToken() });

    const hint = page.getByTestId('key-hint');
    await hint.waitFor();
    assert.match(await hint.textContent(), /\.well-known/);
    assert.match(await page.getByTestId('key-hint-curl').textContent(), /^curl /);
  });

  test('jwt.io\'s own sample (a 19-byte HS256 secret) is verified, with a warning', async () => {
    const sample =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    await verdictFor({ token: sample, key: 'your-256-bit-secret', profile: 'generic' });

    assert.equal(await page.getByTestId('verify-status').getAttribute('data-status'), 'valid');
    await page.locator('[data-testid="finding"][data-rule="verify.hmac-short-secret"]').waitFor();
  });
});

describe('pastes are tidied', () => {
  let app;
  let page;

  before(async () => {
    app = await openApp('#/decode');
    page = app.page;
  });

  after(async () => {
    await app?.close();
  });

  const launch = htiLaunch();
  const access = accessToken();
  const id = idToken();
  const SHAPES = [
    ['a module\'s log line (form body)', `launch=${launch}&iss=https%3A%2F%2Ffhir.example.org%2Ffhir`, ['launch']],
    ['a form body with token=', `token=${launch}`, ['token']],
    ['a client assertion request body', `grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=${clientAssertion()}&scope=`, ['client_assertion']],
    ['a token endpoint response', JSON.stringify({ access_token: access, token_type: 'Bearer', expires_in: 300, id_token: id, resource: 'Task/7', patient: 'Patient/42' }), ['access_token', 'id_token']],
    ['a quoted token', `"${launch}"`, null],
    ['an Authorization header line', `Authorization: Bearer ${access}`, null],
    ['a URL with the token in its fragment', `https://app.example.org/callback#access_token=${access}&token_type=Bearer`, ['access_token']],
  ];

  for (const [name, text, names] of SHAPES) {
    test(name, async () => {
      await page.getByTestId('token-input').fill(text);

      await page.getByTestId('paste-notice').waitFor();
      assert.equal(await page.getByTestId('decode-error').count(), 0);
      await page.getByTestId('payload-json').waitFor();
      if (names && names.length > 1) {
        const options = await page.getByTestId('token-pick-option').evaluateAll((o) => o.map((x) => x.dataset.name));
        assert.deepEqual(options, names);
      } else if (names) {
        assert.match(await page.getByTestId('paste-notice').textContent(), new RegExp(names[0]));
      }
    });
  }

  test('picking the id_token of a token response shows it, and explains the launch context', async () => {
    await page.getByTestId('token-input').fill(
      JSON.stringify({ access_token: access, id_token: id, resource: 'Task/7', intent: 'plan' }),
    );
    await page.getByTestId('token-pick').selectOption({ index: 1 });

    assert.equal(JSON.parse(await page.getByTestId('payload-json').textContent()).nonce, 'n-0S6_WzA2Mj');
    const context = page.getByTestId('token-context');
    assert.match(await context.textContent(), /resource/);
    assert.match(await context.textContent(), /Task\/7/);
  });

  test('five dots in a log line are not called a JWE', async () => {
    await page.getByTestId('token-input').fill(`launch=${launch}&iss=https%3A%2F%2Ffhir.a.b.c.example`);

    await page.getByTestId('payload-json').waitFor();
    assert.doesNotMatch(await page.locator('body').textContent(), /JWE/);
  });
});
