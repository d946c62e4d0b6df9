// Share links: the token (and nothing else) travels in the URL fragment, and opening the link
// fills the Decoder.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { openApp } from './harness.mjs';

const b64u = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const TOKEN = `${b64u({ alg: 'HS256', typ: 'JWT' })}.${b64u({ sub: 'shared', iat: 1700000000 })}.c2lnbmF0dXJl`;
const SECRET = 'this secret must never appear in a link';

describe('share links', () => {
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

  async function shareLink() {
    await page.getByTestId('token-input').fill(TOKEN);
    await page.getByTestId('verify-key-input').fill(SECRET);
    await page.getByTestId('share-link').click();
    return page.getByTestId('share-link-url').textContent();
  }

  test('carries the token in the fragment only, and no key', async () => {
    const link = new URL(await shareLink());

    assert.equal(link.search, '');
    assert.equal(link.hash, `#/decode?token=${TOKEN}`);
    assert.equal(link.href.includes(encodeURIComponent(SECRET)) || link.href.includes(SECRET), false);
  });

  test('opening the link in a new tab fills the token input', async () => {
    const link = await shareLink();
    const other = await app.context.newPage();

    await other.goto(link);

    await other.getByTestId('token-input').waitFor();
    assert.equal(await other.getByTestId('token-input').inputValue(), TOKEN);
    assert.deepEqual(JSON.parse(await other.getByTestId('payload-json').textContent()), { sub: 'shared', iat: 1700000000 });
    assert.equal(await other.getByTestId('verify-key-input').inputValue(), '');
    await other.close();
  });

  test('opening the link on an open Decoder replaces its token', async () => {
    const link = await shareLink();
    await page.getByTestId('token-input').fill('');

    await page.goto(link);

    await page.waitForFunction((token) => document.querySelector('[data-testid="token-input"]')?.value === token, TOKEN);
  });

  test('a link is applied once: an edited token stays, and the verdict is about the edit', async () => {
    const link = await shareLink();
    const other = await app.context.newPage();
    await other.goto(link);
    await other.getByTestId('token-input').waitFor();
    const secret = 'the key of the edited token, 32 bytes or more';
    const input = `${b64u({ alg: 'HS256', typ: 'JWT' })}.${b64u({ sub: 'edited' })}`;
    const edited = `${input}.${crypto.createHmac('sha256', secret).update(input).digest('base64url')}`;

    await other.getByTestId('token-input').fill(edited);
    await other.getByTestId('verify-key-input').fill(secret);

    await other.locator('[data-testid="verify-status"][data-status="valid"]').waitFor();
    assert.equal(await other.getByTestId('token-input').inputValue(), edited);
    // Away and Back to the link's own URL: the edit is still what is shown and verified.
    await other.getByTestId('nav-keys').click();
    await other.goBack();
    await other.getByTestId('token-input').waitFor();
    assert.equal(await other.getByTestId('token-input').inputValue(), edited);
    await other.locator('[data-testid="verify-status"][data-status="valid"]').waitFor();
    await other.close();
  });

  test('logs no errors and breaks no Content-Security-Policy rule', () => {
    assert.deepEqual(app.consoleErrors, []);
    assert.deepEqual(app.cspViolations, []);
  });
});
