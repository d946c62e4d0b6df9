// On a phone (390×844): a one-row header, no sideways scroll on any view, every view reachable
// from the menu, and the claims table stacked instead of cut off. On a laptop (1280×800): the
// header is one row too, tabs and tools side by side.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openApp } from './harness.mjs';

const PHONE = { width: 390, height: 844 };
const VIEWS = ['nav-decode', 'nav-sign', 'nav-keys', 'nav-jwks', 'nav-workshop', 'nav-bench'];
const LAPTOP = { width: 1280, height: 800 };

const b64u = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = Math.floor(Date.now() / 1000);
// Decoding needs no valid signature; long values show whether the table wraps.
const TOKEN = [
  b64u({ alg: 'RS384', typ: 'JWT', kid: 'a-rather-long-key-identifier-for-a-narrow-screen' }),
  b64u({
    iss: 'https://portal.example.org/a/long/path/to/the/issuer',
    sub: 'Device/0123456789abcdef0123456789abcdef',
    aud: 'https://auth.example.org/oauth2/token',
    iat: now,
    exp: now + 240,
    jti: '4f6c8a2e-1b3d-4e5f-8a9b-0c1d2e3f4a5b',
  }),
  'c2lnbmF0dXJl',
].join('.');

describe('on a phone', () => {
  let app;

  before(async () => {
    app = await openApp('', { viewport: PHONE });
    await app.page.getByTestId('token-input').waitFor({ state: 'visible' });
  });

  after(async () => {
    await app?.close();
  });

  const overflow = () => app.page.evaluate(() => document.documentElement.scrollWidth);
  const headerHeight = () =>
    app.page.evaluate(() => document.querySelector('header').getBoundingClientRect().height);

  test('the header is one compact row', async () => {
    assert.ok((await headerHeight()) <= 64, `header ${await headerHeight()} px tall`);
    assert.ok((await overflow()) <= PHONE.width, `page ${await overflow()} px wide`);
  });

  test('the menu reaches every view, without a sideways scroll', async () => {
    const { page } = app;
    for (const id of VIEWS) {
      const toggle = page.getByTestId('menu-toggle');
      await toggle.click();
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
      const link = page.getByTestId(id);
      assert.equal(await link.isVisible(), true, `${id} visible in the open menu`);
      const box = await link.boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, `${id} inside the screen`);
      await link.click();
      await page.waitForFunction((testid) => document.querySelector(`[data-testid="${testid}"]`)
        ?.getAttribute('aria-current') === 'page', id);
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false', 'picking a view closes the menu');
      assert.ok((await headerHeight()) <= 64, `header on ${id}: ${await headerHeight()} px`);
      assert.ok((await overflow()) <= PHONE.width, `${id}: page ${await overflow()} px wide`);
    }
  });

  test('the claims table stacks its cells within the screen', async () => {
    const { page } = app;
    await page.getByTestId('menu-toggle').click();
    await page.getByTestId('nav-decode').click();
    await page.getByTestId('token-input').fill(TOKEN);
    await page.getByTestId('claims-table').waitFor({ state: 'visible' });
    const rows = await page.getByTestId('claim-row').evaluateAll((rows) =>
      rows.map((row) => {
        const box = row.getBoundingClientRect();
        return { claim: row.dataset.claim, left: box.left, right: box.right, scroll: row.scrollWidth, width: row.clientWidth };
      }));
    assert.ok(rows.length >= 6);
    for (const row of rows) {
      assert.ok(row.left >= 0 && row.right <= PHONE.width, `${row.claim} row inside the screen: ${JSON.stringify(row)}`);
      assert.ok(row.scroll <= row.width + 1, `${row.claim} row not cut off: ${JSON.stringify(row)}`);
    }
    const meaning = page.locator('[data-testid="claim-row"][data-claim="exp"] td').nth(2);
    const box = await meaning.boundingBox();
    assert.ok(box.x + box.width <= PHONE.width, 'the Meaning cell is on the screen');
    assert.ok((await overflow()) <= PHONE.width, `page ${await overflow()} px wide`);
  });

  test('starts without console errors or warnings', () => {
    assert.deepEqual(app.consoleErrors, []);
    assert.deepEqual(app.consoleWarnings, []);
  });
});

describe('on a laptop', () => {
  test('the header is one row on every view', async () => {
    const app = await openApp('', { viewport: LAPTOP });
    try {
      for (const id of VIEWS) {
        await app.page.getByTestId(id).click();
        const height = await app.page.evaluate(() => document.querySelector('header').getBoundingClientRect().height);
        assert.ok(height <= 64, `header on ${id}: ${height} px tall`);
        const width = await app.page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= LAPTOP.width, `${id}: page ${width} px wide`);
      }
    } finally {
      await app.close();
    }
  });
});
