// The Decoder's landing: shown while the token box is empty, four starting points.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openApp } from './harness.mjs';

describe('the landing', () => {
  let app;

  before(async () => {
    app = await openApp();
    await app.page.getByTestId('token-input').waitFor({ state: 'visible' });
  });

  after(async () => {
    await app?.close();
  });

  const start = (name) => app.page.locator(`[data-testid="landing-start"][data-start="${name}"]`);

  test('says what this is and offers four starts while the token box is empty', async () => {
    const landing = app.page.getByTestId('landing');
    assert.equal(await landing.isVisible(), true);
    assert.match(await landing.innerText(), /nothing leaves your browser/);
    const starts = await app.page.getByTestId('landing-start').evaluateAll((items) => items.map((item) => item.dataset.start));
    assert.deepEqual(starts, ['client', 'portal', 'module', 'decode']);
    // The right column says what will appear there, until a token does.
    assert.equal(await app.page.getByTestId('decode-placeholder').isVisible(), true);
    // Compact: no more than a third of a desktop window.
    const box = await landing.boundingBox();
    assert.ok(box.height <= 240, `landing ${box.height} px tall`);
  });

  test('"just decode" focuses the token box; a token hides the landing', async () => {
    const { page } = app;
    await start('decode').click();
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'token-input');
    await page.getByTestId('token-input').fill('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.');
    await page.getByTestId('landing').waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('decode-placeholder').count(), 0);
    // The focusable JSON blocks have accessible names.
    assert.equal(await page.getByTestId('header-json').getAttribute('aria-label'), 'Header (JSON)');
    assert.equal(await page.getByTestId('payload-json').getAttribute('aria-label'), 'Payload (JSON)');
    assert.equal(await page.getByRole('region', { name: 'Payload (JSON)' }).count(), 1);
    await page.getByTestId('token-input').fill('');
    await page.getByTestId('landing').waitFor({ state: 'visible' });
  });

  test('"I am a module" focuses the token box and points at "Checking as…"', async () => {
    const { page } = app;
    await start('module').click();
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'token-input');
    assert.equal(await page.getByTestId('expectations').getAttribute('data-as-module'), 'true');
    assert.equal(await page.getByTestId('expect-module-hint').isVisible(), true);
  });

  test('"I build a client" opens the Signer on the client-assertion template', async () => {
    const { page } = app;
    await start('client').click();
    await page.waitForURL(/#\/sign$/);
    assert.equal(await page.getByTestId('template-select').inputValue(), 'client-assertion');
  });

  test('"I am a portal" opens the Signer on the HTI template', async () => {
    const { page } = app;
    await page.getByTestId('nav-decode').click();
    await start('portal').click();
    await page.waitForURL(/#\/sign$/);
    assert.equal(await page.getByTestId('template-select').inputValue(), 'hti-launch');
  });

  test('the workshop link opens the guided path', async () => {
    const { page } = app;
    await page.getByTestId('nav-decode').click();
    await page.getByTestId('landing-workshop').click();
    await page.waitForURL(/#\/workshop$/);
    assert.equal(await page.getByTestId('workshop-step').count(), 8);
    assert.equal(await page.getByTestId('nav-workshop').getAttribute('aria-current'), 'page');
  });

  test('starts without console errors or warnings', () => {
    assert.deepEqual(app.consoleErrors, []);
    assert.deepEqual(app.consoleWarnings, []);
  });
});
