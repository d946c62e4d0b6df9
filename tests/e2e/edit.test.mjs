// Edit and re-sign: a decoded token opens in the Signer as custom JSON, and the Signer never
// drops a hand edit to its header or payload without saying so.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { openApp } from './harness.mjs';

/** An ES256 token made by Node, with a header member of its own. */
function nodeToken(payload) {
  const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const header = { alg: 'ES256', typ: 'JWT', kid: 'node-key', 'x-origin': 'node' };
  const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode(header)}.${encode(payload)}`;
  const signature = crypto.sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

const json = async (locator) => JSON.parse(await locator.inputValue());

describe('edit and re-sign', () => {
  let app;
  let page;
  let kid;

  before(async () => {
    app = await openApp('#/keys');
    page = app.page;
    await page.getByTestId('keygen-type-select').selectOption('EC-P256');
    await page.getByTestId('keygen-button').click();
    await page.getByTestId('keyring-item').waitFor({ timeout: 60_000 });
    kid = await page.getByTestId('keyring-item').last().getAttribute('data-kid');
  });

  after(async () => {
    await app?.close();
  });

  test('a decoded token opens in the Signer as custom JSON, and re-signed with an edited claim it verifies', async () => {
    const now = Math.floor(Date.now() / 1000);
    const payload = { iss: 'portal-1', sub: 'Patient/42', aud: 'Device/module-9', iat: now, exp: now + 240, jti: crypto.randomUUID() };
    await page.getByTestId('nav-decode').click();
    await page.getByTestId('token-input').fill(nodeToken(payload));

    await page.getByTestId('edit-in-signer').click();

    await page.getByTestId('sign-payload-input').waitFor();
    assert.equal(await page.getByTestId('template-select').inputValue(), 'custom');
    assert.equal(await page.getByTestId('sign-payload-input').inputValue(), JSON.stringify(payload, null, 2));
    // The token's own header members stay; alg and kid name the key it is signed with now.
    assert.deepEqual(await json(page.getByTestId('sign-header-input')), { alg: 'ES256', typ: 'JWT', kid, 'x-origin': 'node' });
    assert.equal(await page.getByTestId('sign-edit-kept').count(), 0);

    const edited = { ...payload, sub: 'Patient/43' };
    await page.getByTestId('sign-payload-input').fill(JSON.stringify(edited, null, 2));
    await page.getByTestId('sign-button').click();
    await page.getByTestId('signed-token').waitFor();
    const token = await page.getByTestId('signed-token').textContent();
    await page.getByTestId('open-in-decoder').click();

    await page.locator('[data-testid="verify-status"]:not([data-status="loading"])').waitFor();
    assert.equal(await page.getByTestId('token-input').inputValue(), token);
    assert.equal(await page.getByTestId('verify-status').getAttribute('data-status'), 'valid');
    assert.deepEqual(JSON.parse(await page.getByTestId('payload-json').textContent()), edited);
  });

  test('edit-in-signer is disabled while the header does not decode', async () => {
    await page.getByTestId('nav-decode').click();
    await page.getByTestId('token-input').fill('bm9wZQ.e30.c2ln');

    assert.equal(await page.getByTestId('edit-in-signer').isDisabled(), true);
  });

  test('a hand-edited payload survives a form change until the user rebuilds from the form', async () => {
    await page.getByTestId('nav-sign').click();
    await page.getByTestId('template-select').selectOption('client-assertion');
    // The token edited above is kept over the template choice too: start from the form.
    if (await page.getByTestId('sign-edit-kept').isVisible()) await page.getByTestId('sign-edit-rebuild').click();
    await page.getByTestId('ca-client-id').fill('device-1');
    await page.getByTestId('ca-token-endpoint').fill('https://auth.example.org/oauth2/token');
    assert.equal((await json(page.getByTestId('sign-payload-input'))).iss, 'device-1');
    const byHand = JSON.stringify({ ...(await json(page.getByTestId('sign-payload-input'))), extra: 'by hand' }, null, 2);
    await page.getByTestId('sign-payload-input').fill(byHand);
    assert.equal(await page.getByTestId('sign-edit-kept').count(), 0);

    await page.getByTestId('ca-client-id').fill('device-2');

    assert.equal(await page.getByTestId('sign-payload-input').inputValue(), byHand);
    assert.match(
      await page.getByTestId('sign-edit-kept').textContent(),
      /Your edits to the header\/payload are kept; the form change is not applied\./,
    );

    await page.getByTestId('sign-edit-rebuild').click();

    const rebuilt = await json(page.getByTestId('sign-payload-input'));
    assert.equal(rebuilt.iss, 'device-2');
    assert.equal(rebuilt.extra, undefined);
    assert.equal(await page.getByTestId('sign-edit-kept').count(), 0);
    // Without a new hand edit, the form rebuilds as before.
    await page.getByTestId('ca-client-id').fill('device-3');
    assert.equal((await json(page.getByTestId('sign-payload-input'))).iss, 'device-3');
  });

  test('logs no errors and breaks no Content-Security-Policy rule', () => {
    assert.deepEqual(app.consoleErrors, []);
    assert.deepEqual(app.cspViolations, []);
  });
});
