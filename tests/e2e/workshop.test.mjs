// Workshop mode (issue 14): one browser session walks the whole path of #/workshop — the client
// (key pair, JWKS, client assertion, token request), the portal (a signed and an encrypted HTI
// launch), the module (a received launch, SHOF with PKCE, introspection) — with panva `jose` and
// node:crypto as the other parties: the auth server that checks the assertion and issues tokens,
// a foreign portal, and the module that decrypts. Then the key changes and everything follows,
// and the kit download holds no private key.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import * as jose from 'jose';
import { foreignRequests, openApp } from './harness.mjs';

const CLIENT_ID = 'client-e2e';
const MODULE_DEVICE = 'Device/module-e2e';

/** The JSON of a base64url segment. */
const segment = (token, index) => JSON.parse(Buffer.from(token.split('.')[index], 'base64url'));
const now = () => Math.floor(Date.now() / 1000);

describe('the workshop path, start to end, in one session', () => {
  let app;
  let page;
  let step;
  // The auth server and a foreign portal, played by jose.
  let auth;
  let portal;

  before(async () => {
    auth = await jose.generateKeyPair('RS512', { extractable: true });
    auth.jwk = { ...(await jose.exportJWK(auth.publicKey)), kid: 'auth-key-1', alg: 'RS512', use: 'sig' };
    portal = await jose.generateKeyPair('ES384', { extractable: true });
    portal.jwk = { ...(await jose.exportJWK(portal.publicKey)), kid: 'portal-key-1', alg: 'ES384', use: 'sig' };
    app = await openApp('');
    page = app.page;
    step = (id) => page.locator(`[data-testid="workshop-step"][data-step="${id}"]`);
  });

  after(async () => {
    await app?.close();
  });

  /** Types into a workshop input (fill replaces the example). */
  const fill = (testid, value) => page.getByTestId(testid).fill(value);
  const text = async (testid) => (await page.getByTestId(testid).textContent()).trim();
  const value = (testid) => page.getByTestId(testid).inputValue();
  const done = (id) => step(id).getAttribute('data-done');
  /** Waits for the step's data-done; on timeout, fails with what the step shows (its verdict). */
  async function waitDone(id, expected = 'true') {
    try {
      await page.waitForFunction(
        ({ id, expected }) =>
          document.querySelector(`[data-testid="workshop-step"][data-step="${id}"]`)?.getAttribute('data-done') === expected,
        { id, expected },
        { timeout: 30_000 },
      );
    } catch (err) {
      const verdict = step(id).getByTestId('verdict');
      const shown = (await verdict.count()) ? await verdict.first().textContent() : await step(id).textContent();
      assert.fail(`step ${id} is not data-done=${expected}: ${shown.slice(0, 600)}`);
    }
  }
  /** Waits until the block's token has a header and payload that pass `check`, and returns it. */
  async function tokenIn(testid, check, timeout = 30_000) {
    const until = Date.now() + timeout;
    for (;;) {
      const block = page.getByTestId(testid);
      const token = (await block.count()) ? (await block.textContent()).trim() : '';
      if (token.split('.').length === 3 && check(segment(token, 0), segment(token, 1))) return token;
      if (Date.now() > until) assert.fail(`no token in ${testid} as expected (last: ${token.slice(0, 40)}…)`);
      await page.waitForTimeout(100);
    }
  }

  test('the nav opens eight steps, in order, every field holding an example', async () => {
    await page.getByTestId('nav-workshop').click();
    await page.getByTestId('workshop').waitFor();
    const ids = await page.getByTestId('workshop-step').evaluateAll((cards) => cards.map((card) => card.dataset.step));
    assert.deepEqual(ids, ['keypair', 'jwks', 'client-assertion', 'token-request', 'hti-send', 'hti-receive', 'shof', 'introspection']);
    assert.equal(await page.getByTestId('workshop-client-id').getAttribute('data-example'), 'true');
    assert.match(await value('workshop-token-endpoint'), /^https:\/\/.+\/oauth2\/token$/);
  });

  let kid;
  let jwks;

  test('keypair: the first visit makes an RSA-2048 key, and every artifact shows before anything is typed', async () => {
    await waitDone('keypair');
    kid = await page.getByTestId('workshop-key').getAttribute('data-kid');
    assert.match(kid, /^[A-Za-z0-9_-]{43}$/);
    assert.match(await text('workshop-key'), /RSA 2048/);
    assert.equal(await page.getByTestId('keyring-count').getAttribute('data-count'), '1');
    for (const id of ['workshop-jwks', 'workshop-jwks-curl', 'workshop-client-assertion', 'workshop-token-curl', 'workshop-launch', 'workshop-launch-form', 'authorize-url', 'workshop-introspection-curl']) {
      await page.getByTestId(id).waitFor();
    }
    for (const id of ['keypair', 'jwks', 'client-assertion', 'hti-send']) await waitDone(id);
    for (const id of ['token-request', 'hti-receive', 'shof', 'introspection']) assert.equal(await done(id), 'false', id);
  });

  test('jwks: the set holds the public key under its RFC 7638 kid, with publishing advice and a curl', async () => {
    await waitDone('jwks');
    jwks = JSON.parse(await text('workshop-jwks'));
    assert.equal(jwks.keys.length, 1);
    const [jwk] = jwks.keys;
    assert.equal(jwk.kid, kid);
    assert.equal(await jose.calculateJwkThumbprint(jwk, 'sha256'), kid, 'kid = the RFC 7638 SHA-256 thumbprint');
    for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) assert.equal(jwk[member], undefined, `no ${member}`);
    await fill('workshop-jwks-url', 'https://keys.example/e2e/jwks.json');
    const curl = await text('workshop-jwks-curl');
    assert.ok(curl.includes("'https://keys.example/e2e/jwks.json'") && curl.includes(kid), curl);
    const advice = await step('jwks').textContent();
    for (const words of ['application/json', 'Cache-Control', '/.well-known/jwks.json', 'Domain Management']) {
      assert.ok(advice.includes(words), `advice mentions ${words}`);
    }
  });

  test('jwks: the hosted JSON pasted back is checked for my kid and for private members', async () => {
    const cases = [
      [JSON.stringify(jwks), 'ok'],
      [JSON.stringify({ keys: [{ ...jwks.keys[0], kid: 'someone-else' }] }), 'kid-missing'],
      [JSON.stringify({ keys: [{ ...jwks.keys[0], d: 'AAAA' }] }), 'private'],
      ['<html>not found</html>', 'invalid'],
    ];
    for (const [hosted, status] of cases) {
      await fill('workshop-hosted-jwks', hosted);
      await page.waitForFunction(
        (status) => document.querySelector('[data-testid="workshop-hosted-status"]')?.dataset.status === status,
        status,
      );
    }
    await fill('workshop-hosted-jwks', JSON.stringify(jwks));
  });

  let assertion;

  test('client-assertion: signed with the key, accepted by an independent verifier, counting down', async () => {
    await fill('workshop-client-id', CLIENT_ID);
    assert.equal(await page.getByTestId('workshop-client-id').getAttribute('data-example'), 'false');
    assertion = await tokenIn('workshop-client-assertion', (header, payload) => payload.iss === 'client-e2e');
    const tokenEndpoint = await value('workshop-token-endpoint');
    const { payload, protectedHeader } = await jose.jwtVerify(assertion, jose.createLocalJWKSet(jwks), {
      audience: tokenEndpoint,
      issuer: CLIENT_ID,
      subject: CLIENT_ID,
      maxTokenAge: 300,
    });
    assert.equal(protectedHeader.kid, kid);
    assert.ok(['RS384', 'RS512'].includes(protectedHeader.alg), protectedHeader.alg);
    assert.ok(payload.exp - payload.iat <= 300 && payload.jti);
    await waitDone('client-assertion');
    const seconds = Number(await page.getByTestId('workshop-assertion-countdown').getAttribute('data-seconds'));
    assert.ok(seconds > 200 && seconds <= 300, `countdown ${seconds}`);
  });

  test('token-request: the curl carries the assertion; the pasted response gets a verdict, scopes and a countdown', async () => {
    const curl = await text('workshop-token-curl');
    const body = new URLSearchParams(curl.match(/--data-raw '([^']*)'/)[1]);
    assert.equal(body.get('grant_type'), 'client_credentials');
    assert.equal(body.get('client_assertion_type'), 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    // The auth server's side: the assertion in the request verifies with the published JWKS.
    await jose.jwtVerify(body.get('client_assertion'), jose.createLocalJWKSet(jwks), { audience: await value('workshop-token-endpoint') });
    const issuer = await value('workshop-auth-issuer');
    const accessToken = await new jose.SignJWT({
      type: 'access',
      azp: CLIENT_ID,
      nonce: crypto.randomUUID(),
      scope: 'system/Task.crus?resource-origin=Device/module-e2e system/Patient.rs',
    })
      .setProtectedHeader({ alg: 'RS512', kid: 'auth-key-1', typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience('fhir-server')
      .setSubject(CLIENT_ID)
      .setIssuedAt()
      .setNotBefore(now())
      .setExpirationTime(now() + 300)
      .setJti(crypto.randomUUID())
      .sign(auth.privateKey);
    await fill('workshop-token-response', JSON.stringify({ access_token: accessToken, token_type: 'Bearer', expires_in: 300 }));
    await fill('workshop-auth-jwks', JSON.stringify({ keys: [auth.jwk] }));
    await waitDone('token-request');
    assert.equal(await step('token-request').getByTestId('verdict').getAttribute('data-verdict'), 'accept');
    assert.equal(await step('token-request').getByTestId('scope-row').count(), 2);
    const seconds = Number(await page.getByTestId('workshop-access-countdown').getAttribute('data-seconds'));
    assert.ok(seconds > 200 && seconds <= 300, `countdown ${seconds}`);
  });

  test('token-request: an error response is explained', async () => {
    const response = await value('workshop-token-response');
    await fill('workshop-token-response', '{"error": "invalid_client"}');
    assert.match(await text('workshop-token-server-error'), /invalid_client.*JWKS/);
    await fill('workshop-token-response', response);
    await waitDone('token-request');
  });

  let launch;

  test('hti-send: the launch is signed for the module and posted by the form; with JWE, the module opens it', async () => {
    await fill('workshop-module-device-id', MODULE_DEVICE);
    launch = await tokenIn('workshop-launch', (header, payload) => payload.aud === 'Device/module-e2e');
    const { payload } = await jose.jwtVerify(launch, jose.createLocalJWKSet(jwks), { audience: MODULE_DEVICE, issuer: CLIENT_ID });
    assert.equal(payload.resource, await value('workshop-task-id'));
    assert.equal(payload['hti-version'], '2.0');
    await waitDone('hti-send');
    assert.ok((await text('workshop-launch-form')).includes(`name="launch" value="${launch}"`));

    const module = await jose.generateKeyPair('RSA-OAEP-256', { extractable: true });
    const moduleJwk = { ...(await jose.exportJWK(module.publicKey)), kid: 'module-enc-1', use: 'enc' };
    await page.getByTestId('workshop-encrypt-toggle').check();
    await waitDone('hti-send', 'false');
    await fill('workshop-module-enc-key', JSON.stringify({ keys: [moduleJwk] }));
    await page.getByTestId('workshop-encrypted-launch').waitFor();
    const jwe = await text('workshop-encrypted-launch');
    const opened = await jose.compactDecrypt(jwe, module.privateKey);
    assert.equal(new TextDecoder().decode(opened.plaintext), launch);
    assert.equal(opened.protectedHeader.cty, 'JWT');
    assert.equal(opened.protectedHeader.kid, 'module-enc-1');
    const form = await text('workshop-launch-form');
    assert.ok(form.includes(jwe) && !form.includes(launch), 'the form posts the JWE, not the signed token');
    await waitDone('hti-send');
    await page.getByTestId('workshop-encrypt-toggle').uncheck();
  });

  let received;

  test('hti-receive: a launch from another portal is accepted with its JWKS and my Device id', async () => {
    received = await new jose.SignJWT({
      resource: 'Task/from-portal',
      definition: 'ActivityDefinition/from-portal',
      'hti-version': '2.0',
    })
      .setProtectedHeader({ alg: 'ES384', kid: 'portal-key-1', typ: 'JWT' })
      .setIssuer('portal-e2e')
      .setAudience(MODULE_DEVICE)
      .setSubject('Patient/p-1')
      .setIssuedAt()
      .setExpirationTime(now() + 300)
      .setJti(crypto.randomUUID())
      .sign(portal.privateKey);
    await fill('workshop-received', `launch=${received}&iss=${encodeURIComponent('https://fhir.example/fhir')}`);
    await fill('workshop-portal-jwks', JSON.stringify({ keys: [portal.jwk] }));
    await fill('workshop-my-device-id', MODULE_DEVICE);
    await waitDone('hti-receive');
    assert.equal(await step('hti-receive').getByTestId('verdict').getAttribute('data-verdict'), 'accept');
  });

  test('hti-receive: a launch for another module is rejected, saying why', async () => {
    await fill('workshop-my-device-id', 'Device/someone-else');
    await waitDone('hti-receive', 'false');
    assert.equal(await step('hti-receive').getByTestId('verdict').getAttribute('data-verdict'), 'reject');
    const rules = await step('hti-receive').getByTestId('verdict-reason').evaluateAll((items) => items.map((item) => item.dataset.rule));
    assert.ok(rules.includes('expect.aud-mismatch'), rules.join(' '));
    await fill('workshop-my-device-id', MODULE_DEVICE);
    await waitDone('hti-receive');
  });

  test('shof: the PKCE pair holds, checked against an independent SHA-256', async () => {
    const verifier = await value('pkce-verifier');
    assert.match(verifier, /^[A-Za-z0-9\-._~]{43,128}$/);
    const challenge = crypto.createHash('sha256').update(verifier, 'ascii').digest('base64url');
    assert.equal(await text('pkce-challenge'), challenge);
    // RFC 7636 Appendix B.
    await fill('pkce-verifier', 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
    assert.equal(await text('pkce-challenge'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    await fill('pkce-verifier', 'too+short');
    assert.match(await text('pkce-verifier-error'), /character 3 .*'\+'|"\+"/);
    await page.getByTestId('pkce-generate').click();
    const fresh = await value('pkce-verifier');
    assert.notEqual(fresh, verifier);
    assert.equal(await text('pkce-challenge'), crypto.createHash('sha256').update(fresh).digest('base64url'));
  });

  test('shof: the authorize URL carries every parameter of the dev guide', async () => {
    const url = new URL(await text('authorize-url'));
    assert.equal(url.origin + url.pathname, await value('workshop-authorize-endpoint'));
    const params = Object.fromEntries(url.searchParams);
    const verifier = await value('pkce-verifier');
    assert.match(await value('workshop-nonce'), /^[0-9a-f-]{36}$/);
    assert.deepEqual(params, {
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: await value('workshop-redirect-uri'),
      scope: 'launch openid fhirUser',
      state: await value('workshop-state'),
      aud: await value('workshop-fhir-base-url'),
      launch: received,
      code_challenge: crypto.createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      nonce: await value('workshop-nonce'),
    });
  });

  test('shof: the redirect back is checked for state, and the code exchange carries code, verifier and assertion', async () => {
    const state = await value('workshop-state');
    const redirect = await value('workshop-redirect-uri');
    await fill('workshop-redirect-back', `${redirect}?code=code-e2e&state=not-mine`);
    assert.equal(await page.getByTestId('workshop-state-check').getAttribute('data-status'), 'mismatch');
    await fill('workshop-redirect-back', `${redirect}?code=code-e2e&state=${encodeURIComponent(state)}`);
    assert.equal(await page.getByTestId('workshop-state-check').getAttribute('data-status'), 'ok');
    const curl = await text('workshop-code-curl');
    const body = new URLSearchParams(curl.match(/--data-raw '([^']*)'/)[1]);
    assert.equal(body.get('grant_type'), 'authorization_code');
    assert.equal(body.get('code'), 'code-e2e');
    assert.equal(body.get('redirect_uri'), redirect);
    assert.equal(body.get('code_verifier'), await value('pkce-verifier'));
    await jose.jwtVerify(body.get('client_assertion'), jose.createLocalJWKSet(jwks), { issuer: CLIENT_ID });
  });

  test('shof: the id_token in the response gets the verdict, and the context fields are explained', async () => {
    const issuer = await value('workshop-auth-issuer');
    const idToken = await new jose.SignJWT({ nonce: await value('workshop-nonce'), azp: CLIENT_ID })
      .setProtectedHeader({ alg: 'RS512', kid: 'auth-key-1', typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(CLIENT_ID)
      .setSubject('Patient/p-1')
      .setIssuedAt()
      .setNotBefore(now())
      .setExpirationTime(now() + 3600)
      .sign(auth.privateKey);
    const response = {
      access_token: 'NOOP',
      id_token: idToken,
      token_type: 'Bearer',
      expires_in: 3600,
      resource: 'Task/from-portal',
      definition: 'ActivityDefinition/from-portal',
      patient: 'Patient/p-1',
      intent: 'plan',
    };
    await fill('workshop-shof-response', JSON.stringify(response));
    await waitDone('shof');
    assert.equal(await step('shof').getByTestId('verdict').getAttribute('data-verdict'), 'accept');
    const members = await page.getByTestId('workshop-context-row').evaluateAll((rows) => rows.map((row) => row.dataset.member));
    for (const member of ['resource', 'definition', 'patient', 'intent']) assert.ok(members.includes(member), member);
  });

  test('shof: an id_token for another authorize request (another nonce) is rejected', async () => {
    const nonce = await value('workshop-nonce');
    await fill('workshop-nonce', 'a-nonce-i-never-sent');
    await waitDone('shof', 'false');
    const rules = await step('shof').getByTestId('verdict-reason').evaluateAll((items) => items.map((item) => item.dataset.rule));
    assert.ok(rules.includes('expect.nonce-mismatch'), rules.join(' '));
    await fill('workshop-nonce', nonce);
    await waitDone('shof');
  });

  test('introspection: the curl asks about the received launch; active false is not done, active true is', async () => {
    const curl = await text('workshop-introspection-curl');
    const body = new URLSearchParams(curl.match(/--data-raw '([^']*)'/)[1]);
    assert.equal(body.get('token'), received);
    assert.ok(body.get('client_assertion'));
    assert.ok(curl.includes(await value('workshop-introspection-endpoint')));
    await fill('workshop-introspection-response', '{"active": false}');
    assert.equal(await page.getByTestId('workshop-introspection-status').getAttribute('data-active'), 'false');
    assert.equal(await done('introspection'), 'false');
    await fill('workshop-introspection-response', JSON.stringify({ active: true, iss: 'portal-e2e', aud: MODULE_DEVICE }));
    await waitDone('introspection');
  });

  test('going back to change the key re-makes the JWKS and the assertion, and says so', async () => {
    await page.locator('[data-testid="workshop-generate"][data-kind="EC-P384"]').click();
    await page.getByTestId('workshop-key-changed').waitFor();
    const newKid = await page.getByTestId('workshop-key').getAttribute('data-kid');
    assert.notEqual(newKid, kid);
    assert.ok((await text('workshop-key-changed')).includes(newKid));
    await page.waitForFunction((kid) => document.querySelector('[data-testid="workshop-jwks"]')?.textContent.includes(kid), newKid);
    jwks = JSON.parse(await text('workshop-jwks'));
    assertion = await tokenIn('workshop-client-assertion', (header) => header.alg === 'ES384');
    const { protectedHeader } = await jose.jwtVerify(assertion, jose.createLocalJWKSet(jwks), { issuer: CLIENT_ID });
    assert.equal(protectedHeader.kid, newKid);
    kid = newKid;
    for (const id of ['keypair', 'jwks', 'client-assertion', 'token-request', 'hti-send', 'hti-receive', 'shof', 'introspection']) {
      await waitDone(id);
    }
  });

  test('the kit download holds the public artifacts and no private key; the private key is its own download', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('workshop-kit-download').click()]);
    assert.equal(download.suggestedFilename(), 'koppeltaal-workshop-kit.md');
    const kit = await readFile(await download.path(), 'utf8');
    for (const part of [kid, CLIENT_ID, 'https://keys.example/e2e/jwks.json', 'grant_type=client_credentials', 'code_challenge_method=S256', 'oauth2/introspect']) {
      assert.ok(kit.includes(part), `the kit holds ${part}`);
    }
    const kitJwks = JSON.parse(kit.match(/```json\n([\s\S]*?)\n```/)[1]);
    assert.deepEqual(kitJwks, jwks);
    assert.ok(!/PRIVATE KEY/.test(kit), 'no PEM private key');
    assert.ok(!/"(d|p|q|dp|dq|qi)"\s*:/.test(kit), 'no private JWK member');

    const [keyFile] = await Promise.all([page.waitForEvent('download'), page.getByTestId('workshop-private-key-download').click()]);
    assert.equal(keyFile.suggestedFilename(), `${kid}-private-key.pem`);
    assert.match(await readFile(await keyFile.path(), 'utf8'), /^-----BEGIN PRIVATE KEY-----/);
  });

  test('nothing left the browser and nothing went wrong on the page', async () => {
    assert.deepEqual(await foreignRequests(app.requests, app.baseUrl), []);
    assert.deepEqual(app.consoleErrors, []);
  });
});
