// The Decoder: tokens made here by Node's own crypto (an independent implementation) are
// decoded, explained, checked against a profile and verified — or refused — in the app.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { openApp } from './harness.mjs';

const b64u = (data) => Buffer.from(data).toString('base64url');

/** A compact JWS signed by Node: RS*, PS*, ES*, EdDSA or HS*. */
function signJwt(header, payload, key, alg) {
  const input = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(payload))}`;
  const hash = `sha${alg.slice(2)}`;
  let signature;
  if (alg.startsWith('HS')) signature = crypto.createHmac(hash, key).update(input).digest();
  else if (alg.startsWith('RS')) signature = crypto.sign(hash, Buffer.from(input), key);
  else if (alg.startsWith('PS'))
    signature = crypto.sign(hash, Buffer.from(input), {
      key,
      padding: crypto.constants.RSA_PKCS1_PSS_PADDING,
      saltLength: crypto.constants.RSA_PSS_SALTLEN_DIGEST,
    });
  else if (alg.startsWith('ES'))
    signature = crypto.sign(hash, Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  else signature = crypto.sign(null, Buffer.from(input), key);
  return `${input}.${b64u(signature)}`;
}

const now = () => Math.floor(Date.now() / 1000);
const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherRsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec384 = crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' });
const pem = (key) => key.export({ type: 'spki', format: 'pem' });

function clientAssertion(alg = 'RS384', key = rsa.privateKey, claims = {}) {
  const t = now();
  return signJwt(
    { alg, typ: 'JWT', kid: 'test-key' },
    {
      iss: 'my-client',
      sub: 'my-client',
      aud: 'https://auth.example.org/oauth2/token',
      iat: t,
      exp: t + 240,
      jti: crypto.randomUUID(),
      ...claims,
    },
    key,
    alg,
  );
}

/** Inputs, selects and textareas in the view without a visible label (should be none). */
const unlabelled = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('main input, main select, main textarea')]
      .filter((el) => ![...(el.labels ?? [])].some((label) => label.offsetParent !== null && label.textContent.trim()))
      .map((el) => el.dataset.testid ?? el.id),
  );

describe('the Decoder', () => {
  let app;
  let page;

  before(async () => {
    app = await openApp('#/decode');
    page = app.page;
    await page.getByTestId('token-input').waitFor();
  });

  after(async () => {
    await app?.close();
  });

  /** Puts a token (and optionally a key) into the Decoder. */
  async function decode(token, key = '') {
    await page.getByTestId('verify-key-input').fill(key);
    await page.getByTestId('token-input').fill(token);
    // The crypto worker answers asynchronously; until then the verdict says `loading`.
    await verdict();
  }

  /** Waits for the verdict on the token and key now on screen. */
  const verdict = () => page.locator('[data-testid="verify-status"]:not([data-status="loading"])').waitFor();

  /** The verdict on what is on screen, once the crypto worker has given it. */
  const status = async () => {
    await verdict();
    return page.getByTestId('verify-status').getAttribute('data-status');
  };

  test('shows header and payload as pretty JSON while the user types', async () => {
    const token = clientAssertion();
    await decode(token);

    const [header, payload] = token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url')));
    assert.deepEqual(JSON.parse(await page.getByTestId('header-json').textContent()), header);
    assert.deepEqual(JSON.parse(await page.getByTestId('payload-json').textContent()), payload);
    assert.equal(await page.getByTestId('signature-b64').textContent(), token.split('.')[2]);
  });

  test('explains every claim, with exp relative to now', async () => {
    await decode(clientAssertion());

    assert.equal(await page.getByTestId('claim-row').count(), 6);
    const exp = page.locator('[data-testid="claim-row"][data-claim="exp"]');
    assert.match(await exp.textContent(), /Expiration time/);
    assert.match(await exp.getByTestId('claim-relative').textContent(), /^in [34] minutes$/);
    assert.match(await exp.getByTestId('claim-utc').textContent(), /UTC$/);
  });

  test('says an expired token expired, in words', async () => {
    const t = now();
    await decode(clientAssertion('RS384', rsa.privateKey, { iat: t - 4 * 3600, exp: t - 3 * 3600 - 120 }));

    const exp = page.locator('[data-testid="claim-row"][data-claim="exp"]');
    assert.equal(await exp.getByTestId('claim-relative').textContent(), 'expired 3 hours ago');
    assert.equal(await page.locator('[data-testid="finding"][data-rule="token.expired"]').count(), 1);
  });

  test('is unverified until a key is given', async () => {
    await decode(clientAssertion());

    assert.equal(await status(), 'unverified');
  });

  test('verifies a correctly signed token as valid, naming the algorithm', async () => {
    await decode(clientAssertion('RS384'), pem(rsa.publicKey));

    assert.equal(await status(), 'valid');
    assert.match(await page.getByTestId('verify-status').textContent(), /RS384/);
  });

  test('verifies PS256, ES384, EdDSA and HS256 tokens signed by Node', async () => {
    const ed = crypto.generateKeyPairSync('ed25519');
    const cases = [
      ['PS256', rsa.privateKey, pem(rsa.publicKey)],
      ['ES384', ec384.privateKey, pem(ec384.publicKey)],
      ['EdDSA', ed.privateKey, pem(ed.publicKey)],
      ['HS256', 'a shared secret that is long enough!', 'a shared secret that is long enough!'],
    ];
    for (const [alg, signingKey, verifyingKey] of cases) {
      await decode(clientAssertion(alg, signingKey), verifyingKey);
      assert.equal(await status(), 'valid', alg);
    }
  });

  test('recognises a kid that is the RFC 7638 thumbprint of the verifying key', async () => {
    const jwk = rsa.publicKey.export({ format: 'jwk' });
    const kid = crypto.createHash('sha256').update(JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n })).digest('base64url');
    const t = now();
    await decode(signJwt({ alg: 'RS384', kid }, { sub: 'x', iat: t, exp: t + 60 }, rsa.privateKey, 'RS384'), pem(rsa.publicKey));

    assert.equal(await status(), 'valid');
    assert.equal(await page.locator('[data-testid="kid-findings"] [data-testid="finding"]').getAttribute('data-rule'), 'kid.thumbprint');
  });

  test('finds a token whose payload was changed invalid', async () => {
    const [header, , signature] = clientAssertion('RS384').split('.');
    const forged = b64u(JSON.stringify({ iss: 'attacker', sub: 'attacker', exp: now() + 60 }));
    await decode(`${header}.${forged}.${signature}`, pem(rsa.publicKey));

    assert.equal(await status(), 'invalid');
    assert.match(await page.getByTestId('verify-status').textContent(), /does not match|signature/i);
  });

  test('finds a token checked against the wrong key invalid', async () => {
    await decode(clientAssertion('RS384'), pem(otherRsa.publicKey));

    assert.equal(await status(), 'invalid');
  });

  test('reports a key of the wrong type as an error, not as invalid', async () => {
    await decode(clientAssertion('RS384'), pem(ec384.publicKey));

    assert.equal(await status(), 'error');
    assert.match(await page.getByTestId('verify-status').textContent(), /RSA/);
  });

  test('never verifies alg none', async () => {
    const unsigned = `${b64u(JSON.stringify({ alg: 'none' }))}.${b64u(JSON.stringify({ sub: 'x' }))}.`;
    await decode(unsigned, pem(rsa.publicKey));

    assert.equal(await status(), 'invalid');
    assert.equal(await page.locator('[data-testid="finding"][data-rule="token.alg-none"]').count(), 1);
  });

  test('says what is wrong with a broken token, and where', async () => {
    await decode('eyJhbGciOiJSUzI1NiJ9.not*base64.sig');

    const error = await page.getByTestId('decode-error').textContent();
    assert.match(error, /payload/i);
    assert.match(error, /\*/);
  });

  test('counts segments for a token without dots', async () => {
    await decode('abc');

    assert.match(await page.getByTestId('decode-error').textContent(), /3 segments.*found 1/);
  });

  test('shows a key a token names in jku, but never fetches it', async () => {
    const t = now();
    const token = signJwt(
      { alg: 'RS256', jku: 'https://attacker.example/jwks.json' },
      { sub: 'x', iat: t, exp: t + 60 },
      rsa.privateKey,
      'RS256',
    );
    await decode(token);

    assert.equal(await page.locator('[data-testid="header-key-note"][data-header="jku"]').count(), 1);
    assert.deepEqual(
      app.requests.filter((request) => request.url.includes('attacker.example')),
      [],
    );
  });

  test('checks an HTI launch token against the HTI profile', async () => {
    const t = now();
    const token = signJwt(
      { alg: 'RS384', typ: 'JWT' },
      { iss: 'portal', aud: 'Device/module', sub: 'Patient/1', resource: 'Task/2', iat: t, exp: t + 60, jti: crypto.randomUUID() },
      rsa.privateKey,
      'RS384',
    );
    await decode(token);
    await page.getByTestId('profile-select').selectOption('hti-launch');

    assert.equal(await page.getByTestId('profile-used').getAttribute('data-profile'), 'hti-launch');
    assert.equal(await page.locator('[data-testid="finding"][data-rule="kt.hti.kid-missing"]').count(), 1);
    await page.getByTestId('profile-select').selectOption('auto');
  });

  test('finds problems in a client assertion that lives too long', async () => {
    await decode(clientAssertion('RS384', rsa.privateKey, { exp: now() + 3600 }));

    assert.equal(await page.getByTestId('profile-used').getAttribute('data-profile'), 'client-assertion');
    // SMART judges `exp` against now (at most 5 minutes ahead): an error; the iat-based lifetime
    // over 5 minutes is a warning beside it.
    const tooFar = page.locator('[data-testid="finding"][data-rule="kt.client-assertion.exp-too-far"]');
    assert.equal(await tooFar.getAttribute('data-severity'), 'error');
    const lifetime = page.locator('[data-testid="finding"][data-rule="kt.client-assertion.lifetime-too-long"]');
    assert.equal(await lifetime.getAttribute('data-severity'), 'warning');
  });

  test('explains an access token scope in a table', async () => {
    const t = now();
    const token = signJwt(
      { alg: 'RS512', kid: 'k' },
      {
        iss: 'https://auth.example.org',
        aud: 'fhir-server',
        type: 'access',
        scope: 'system/Patient.rs system/Task.crus?resource-origin=Device/abc',
        azp: 'client',
        sub: 'client',
        iat: t,
        nbf: t,
        exp: t + 300,
        jti: crypto.randomUUID(),
        nonce: 'n',
      },
      rsa.privateKey,
      'RS512',
    );
    await decode(token);

    const rows = page.getByTestId('scope-row');
    assert.equal(await rows.count(), 2);
    assert.match(await rows.nth(0).textContent(), /Patient.*read, search/);
    assert.match(await rows.nth(1).textContent(), /Device\/abc/);
  });

  test('verifies with a key picked from the keyring', async () => {
    await page.getByTestId('nav-keys').click();
    await page.getByTestId('key-import-input').fill(pem(rsa.publicKey));
    await page.getByTestId('key-import-button').click();
    await page.getByTestId('keyring-item').first().waitFor();
    await page.getByTestId('nav-decode').click();

    await decode(clientAssertion('RS384'));
    const option = await page.locator('[data-testid="verify-key-select"] option').nth(1).getAttribute('value');
    await page.getByTestId('verify-key-select').selectOption(option);

    assert.equal(await status(), 'valid');
    assert.match(await page.getByTestId('verify-status').textContent(), /keyring/);
  });

  test('a pasted key replaces the keyring choice, and the other way round', async () => {
    const option = await page.locator('[data-testid="verify-key-select"] option').nth(1).getAttribute('value');
    await page.getByTestId('verify-key-select').selectOption(option);
    await page.getByTestId('verify-key-input').fill(pem(otherRsa.publicKey));

    assert.equal(await page.getByTestId('verify-key-select').inputValue(), '');
    assert.equal(await status(), 'invalid');

    await page.getByTestId('verify-key-select').selectOption(option);
    assert.equal(await page.getByTestId('verify-key-input').inputValue(), '');
    assert.equal(await status(), 'valid');
  });

  test('explains each header parameter', async () => {
    await decode(clientAssertion());

    const alg = page.locator('[data-testid="header-row"][data-param="alg"]');
    assert.match(await alg.textContent(), /Algorithm/);
    assert.equal(await page.getByTestId('header-row').count(), 3);
  });

  test('gives every input a visible label', async () => {
    await decode(clientAssertion());
    assert.deepEqual(await unlabelled(page), []);
  });

  test('switches the colour scheme with the theme toggle', async () => {
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    const first = await theme();
    await page.getByTestId('theme-toggle').click();
    const second = await theme();

    assert.notEqual(second, first);
    assert.ok(['system', 'light', 'dark'].includes(second));
  });

  test('keeps the token and key when the user visits another view and comes back', async () => {
    const token = clientAssertion('RS384');
    await decode(token, pem(rsa.publicKey));

    await page.getByTestId('nav-keys').click();
    await page.getByTestId('keygen-button').waitFor();
    await page.getByTestId('nav-decode').click();

    assert.equal(await page.getByTestId('token-input').inputValue(), token);
    assert.equal(await status(), 'valid');
  });

  test('keeps the chosen profile when the user visits another view and comes back', async () => {
    await decode(clientAssertion('RS384'));
    await page.getByTestId('profile-select').selectOption('hti-launch');

    await page.getByTestId('nav-keys').click();
    await page.getByTestId('keygen-button').waitFor();
    await page.getByTestId('nav-decode').click();

    assert.equal(await page.getByTestId('profile-select').inputValue(), 'hti-launch');
    assert.equal(await page.getByTestId('profile-used').getAttribute('data-profile'), 'hti-launch');
    await page.getByTestId('profile-select').selectOption('auto');
  });

  test('keyring-clear also forgets the key pasted for verification', async () => {
    await decode(clientAssertion('HS256', 'a shared secret that is long enough!'), 'a shared secret that is long enough!');
    assert.equal(await status(), 'valid', await page.getByTestId('verify-status').textContent());

    await page.getByTestId('keyring-clear').click();

    assert.equal(await page.getByTestId('verify-key-input').inputValue(), '');
    assert.equal(await status(), 'unverified');
  });

  test('names an HS256 token signed with the public key PEM as the algorithm-confusion attack', async () => {
    const publicPem = pem(rsa.publicKey);
    await decode(clientAssertion('HS256', publicPem), publicPem);

    const finding = page.locator('[data-testid="findings"] [data-testid="finding"][data-rule="verify.hs-with-public-key"]');
    assert.equal(await finding.getAttribute('data-severity'), 'error');
    assert.match(await finding.textContent(), /HS256 token checked against an RSA 2048 public key: this is the algorithm-confusion attack/);
    assert.notEqual(await status(), 'valid');
  });

  test('the skip link moves keyboard focus to the view and keeps the route', async () => {
    await page.getByTestId('skip-link').focus();
    await page.keyboard.press('Enter');

    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
    assert.match(await page.evaluate(() => location.hash), /^#\/(decode)?/);
    assert.equal(await page.getByTestId('token-input').isVisible(), true);
  });

  test('the views can be reached with the keyboard alone', async () => {
    await page.getByTestId('nav-sign').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('sign-button').waitFor();

    await page.getByTestId('nav-decode').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('token-input').waitFor();
  });

  test('logs no errors and breaks no Content-Security-Policy rule', () => {
    assert.deepEqual(app.consoleErrors, []);
    assert.deepEqual(app.cspViolations, []);
  });
});
