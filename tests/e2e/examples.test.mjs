// The Decoder's examples (issue 14, `load-example-select`): each of the five is made fresh in the
// browser by the crypto worker with a demo key, and its receiver would accept it. panva `jose`
// checks the tokens independently with the demo keys taken from the Keys view.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as jose from 'jose';
import { openApp } from './harness.mjs';

const DEMO = 'Demo key (examples only)';
/** Each option value and the profile the Decoder detects for it. */
const EXAMPLES = [
  ['client-assertion', 'client-assertion'],
  ['hti-launch', 'hti-launch'],
  ['access-token', 'access-token'],
  ['id-token', 'id-token'],
  ['hti-jwe', 'hti-launch'],
];

describe('load-example-select', () => {
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

  const keyringCount = async () => Number(await page.getByTestId('keyring-count').getAttribute('data-count'));
  const selectedOption = (testid) => page.getByTestId(testid).evaluate((select) => select.selectedOptions[0]?.textContent ?? '');
  const header = (token) => JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());

  /** Picks an example and waits until its verdict is in (after decryption, for a JWE). */
  async function load(value) {
    await page.getByTestId('nav-decode').click();
    await page.getByTestId('load-example-select').selectOption(value);
    await page.locator(`[data-testid="example-notice"][data-example="${value}"]`).waitFor();
    if (value === 'hti-jwe') {
      await page.locator('[data-testid="decrypt-status"][data-status="decrypted"]').waitFor();
    }
    await page.locator('[data-testid="verify-status"]:not([data-status="loading"])').waitFor();
    return page.getByTestId('token-input').inputValue();
  }

  test('the landing offers the five examples after a placeholder', async () => {
    const select = page.getByTestId('landing').getByTestId('load-example-select');
    const values = await select.evaluate((element) => [...element.options].map((option) => option.value));
    assert.deepEqual(values, ['', ...EXAMPLES.map(([value]) => value)]);
    assert.equal(await keyringCount(), 0);
  });

  for (const [value, profile] of EXAMPLES) {
    test(`${value}: made with a demo key and accepted as ${profile}`, async () => {
      const token = await load(value);

      assert.equal(await page.getByTestId('landing').count(), 0, 'the token replaced the landing');
      const verdict = page.getByTestId('verdict');
      assert.equal(await verdict.getAttribute('data-verdict'), 'accept', await verdict.textContent());
      assert.equal(await page.getByTestId('verify-status').getAttribute('data-status'), 'valid');
      assert.equal(await page.getByTestId('profile-used').getAttribute('data-profile'), profile);
      assert.match(await selectedOption('verify-key-select'), new RegExp(`^${escape(DEMO)}`));

      const notice = await page.getByTestId('example-notice').textContent();
      assert.match(notice, /just now in this browser/);
      assert.match(notice, /examples only/);
      if (value === 'hti-jwe') {
        assert.equal(token.split('.').length, 5, 'the token box holds the JWE');
        const jweHeader = header(token);
        assert.equal(jweHeader.cty, 'JWT');
        assert.equal(jweHeader.alg, 'ECDH-ES+A256KW');
        assert.ok(notice.includes(jweHeader.kid), `${notice} names the encryption key ${jweHeader.kid}`);
        assert.match(await selectedOption('decrypt-key-select'), new RegExp(`^${escape(DEMO)}.*for encryption`));
        const inner = JSON.parse(await page.getByTestId('header-json').textContent());
        assert.ok(notice.includes(inner.kid), `${notice} names the signing key ${inner.kid}`);
      } else {
        assert.equal(token.split('.').length, 3);
        assert.ok(notice.includes(header(token).kid), `${notice} names the key ${header(token).kid}`);
      }
    });
  }

  test('the demo keys are in the keyring, labelled as demo keys, and loading again reuses them', async () => {
    // A P-384 key signs for clients and portals, an RSA 2048 key for the auth server, a P-256
    // key (use: enc) is the module's encryption key.
    assert.equal(await keyringCount(), 3);
    await page.getByTestId('nav-keys').click();
    const labels = await page.locator('[data-testid="keyring-item"] .key-label').allTextContents();
    assert.deepEqual(labels.map((label) => label.startsWith(DEMO)), [true, true, true], labels.join(' | '));

    for (const [value] of EXAMPLES) {
      await load(value);
      assert.equal(await page.getByTestId('verdict').getAttribute('data-verdict'), 'accept', value);
    }
    assert.equal(await keyringCount(), 3);
  });

  /** A keyring key's public JWK and label, from the Keys view. */
  async function keyringKey(kid) {
    await page.getByTestId('nav-keys').click();
    const item = page.locator(`[data-testid="keyring-item"][data-kid="${kid}"]`);
    await item.getByTestId('keyring-select').click();
    return {
      label: await item.locator('.key-label').textContent(),
      jwk: JSON.parse(await page.getByTestId('public-jwk').textContent()),
    };
  }

  for (const [value, alg, issuer, audience] of [
    ['access-token', 'RS512', 'https://authentication-service.example', 'fhir-server'],
    ['client-assertion', 'ES384', 'example-portal', 'https://authentication-service.example/oauth2/token'],
  ]) {
    test(`panva jose verifies the ${value} with the demo key's public JWK from the Keys view`, async () => {
      const token = await load(value);
      const { label, jwk } = await keyringKey(header(token).kid);

      assert.ok(label.startsWith(DEMO), label);
      assert.equal(jwk.d, undefined, 'public only');
      const { payload, protectedHeader } = await jose.jwtVerify(token, await jose.importJWK(jwk, alg), { issuer, audience });
      assert.equal(protectedHeader.alg, alg);
      assert.ok(Math.abs(payload.iat - Date.now() / 1000) < 60, 'made just now');
    });
  }

  test('panva jose opens the encrypted launch with the demo encryption key and verifies the launch inside', async () => {
    const jwe = await load('hti-jwe');
    const signingKid = JSON.parse(await page.getByTestId('header-json').textContent()).kid;
    const { jwk: signing } = await keyringKey(signingKid);
    await keyringKey(header(jwe).kid);
    await page.getByTestId('private-reveal').click();
    const recipient = JSON.parse(await page.locator('[data-testid="private-jwk"][data-concealed="false"]').textContent());

    const { plaintext, protectedHeader } = await jose.compactDecrypt(jwe, await jose.importJWK(recipient, 'ECDH-ES+A256KW'));
    assert.equal(protectedHeader.enc, 'A256GCM');
    const { payload } = await jose.jwtVerify(new TextDecoder().decode(plaintext), await jose.importJWK(signing, 'ES384'), {
      issuer: 'example-portal',
      audience: 'Device/example-module',
    });
    assert.equal(payload.resource, 'Task/example-task');
  });

  test('what was typed in the Signer survives loading an example', async () => {
    await page.getByTestId('nav-sign').click();
    await page.getByTestId('template-select').selectOption('hti-launch');
    await page.getByTestId('hti-task-id').fill('my-own-task');

    await load('id-token');
    await page.getByTestId('nav-sign').click();

    assert.equal(await page.getByTestId('template-select').inputValue(), 'hti-launch');
    assert.equal(await page.getByTestId('hti-task-id').inputValue(), 'my-own-task');
  });

  test('the select is busy while the worker makes a key, and no console error occurred', async () => {
    await page.getByTestId('keyring-clear').click();
    await page.getByTestId('nav-decode').click();
    // The keys are gone, so this generates an RSA key: the select says it is working meanwhile.
    await page.evaluate(() => {
      window.__sawBusy = false;
      new MutationObserver(() => {
        const select = document.querySelector('[data-testid="load-example-select"]');
        if (select?.disabled && select.getAttribute('aria-busy') === 'true') window.__sawBusy = true;
      }).observe(document.body, { subtree: true, attributes: true, childList: true });
    });
    await load('access-token');

    assert.equal(await page.evaluate(() => window.__sawBusy), true);
    assert.equal(await page.getByTestId('load-example-select').isDisabled(), false);
    assert.equal(await keyringCount(), 1);
    assert.deepEqual(app.consoleErrors, []);
  });
});

/** `text` as a literal in a regular expression. */
function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
