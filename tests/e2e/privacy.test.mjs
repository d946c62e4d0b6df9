// The privacy promises, checked the way a suspicious user would: one session uses every view with
// real keys (generated, imported, signed with, verified, published), and afterwards nothing left
// the browser, nothing stayed behind in it, and no key material reached the address bar or the
// console. A huge paste is refused without freezing the page.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { distFiles, foreignRequests, openApp } from './harness.mjs';

/** Text that marks private key material wherever it appears. */
const PRIVATE_MARKERS = [/PRIVATE KEY/, /"d"\s*:/];
/** What the app may keep in localStorage: the colour scheme, nothing else. */
const THEME_KEY = 'kjd-theme';

/** `text` with URL escapes undone (a key in a URL would be percent-encoded). */
function unescaped(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The base64 body lines of a PEM block: any of them appearing somewhere is a leak. Short last
 * lines are left out: a few base64 characters can occur anywhere by chance. */
const pemBodyLines = (pem) => pem.split('\n').filter((line) => line.length >= 16 && !line.startsWith('-----'));

describe('a full tour of the app', () => {
  let app;
  let page;
  /** Every console message, from the page and its workers. */
  const consoleMessages = [];
  /** location.href after every step, and every URL the main frame navigated to. */
  const hrefs = [];
  /** Private values seen during the tour (JWK `d`, `p`, `q`, PEM body lines). */
  const secrets = [];
  let token;

  const keyringItems = () => page.getByTestId('keyring-item');

  async function recordHref(step) {
    hrefs.push({ step, href: await page.evaluate(() => location.href) });
  }

  /** Generates a key of `type` in the Keys view and notes its private values. */
  async function generate(type) {
    const before = await keyringItems().count();
    await page.getByTestId('keygen-type-select').selectOption(type);
    await page.getByTestId('keygen-button').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="keyring-item"]').length > n, before, { timeout: 120_000 });
    return noteNewestKey();
  }

  /** The newest keyring key: shows it, records its private values, returns its ids and public JWK. */
  async function noteNewestKey() {
    const item = keyringItems().last();
    const id = await item.getAttribute('data-key-id');
    const kid = await item.getAttribute('data-kid');
    await item.getByTestId('keyring-select').click();
    await page.locator(`[data-testid="key-details"][data-key-id="${id}"]`).waitFor();
    // Private exports reach the page only when revealed; the tour reveals every key's.
    if ((await page.getByTestId('private-reveal').getAttribute('aria-pressed')) !== 'true') {
      await page.getByTestId('private-reveal').click();
    }
    await page.locator('[data-testid="private-jwk"][data-concealed="false"]').waitFor();
    const privateJwk = JSON.parse(await page.getByTestId('private-jwk').textContent());
    secrets.push(...['d', 'p', 'q'].map((name) => privateJwk[name]).filter(Boolean));
    secrets.push(...pemBodyLines(await page.getByTestId('private-key-pem').textContent()));
    const publicJwk = JSON.parse(await page.getByTestId('public-jwk').textContent());
    return { id, kid, publicJwk };
  }

  async function waitForVerifyStatus(status) {
    await page.waitForFunction(
      (expected) => document.querySelector('[data-testid="verify-status"]')?.dataset.status === expected,
      status,
    );
  }

  before(async () => {
    app = await openApp('#/keys');
    page = app.page;
    page.on('console', (message) => consoleMessages.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => consoleMessages.push(`uncaught: ${error.message}`));
    page.on('worker', (worker) => worker.on('console', (message) => consoleMessages.push(`worker ${message.type()}: ${message.text()}`)));
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) hrefs.push({ step: 'navigation', href: frame.url() });
    });
    await page.getByTestId('keygen-button').waitFor();
    // Proves the recorder hears the page's console, so an empty leak list means something.
    await page.evaluate(() => console.log('kjd console probe'));
    await recordHref('opened the Keys view');

    // Keys: two generated keys and one imported private key.
    const ec = await generate('EC-P256');
    await recordHref('generated EC-P256');
    await generate('RSA-2048');
    await recordHref('generated RSA-2048');
    const imported = crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const importedPem = imported.privateKey.export({ type: 'pkcs8', format: 'pem' });
    const importedJwk = imported.privateKey.export({ format: 'jwk' });
    secrets.push(importedJwk.d, ...pemBodyLines(importedPem));
    const before = await keyringItems().count();
    await page.getByTestId('key-import-input').fill(importedPem);
    await page.getByTestId('key-import-button').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="keyring-item"]').length > n, before);
    await noteNewestKey();
    await recordHref('imported a PKCS#8 private key and revealed it');
    await page.getByTestId('theme-toggle').click();

    // Signer: a client assertion with the generated EC key.
    await page.locator(`[data-testid="keyring-item"][data-key-id="${ec.id}"]`).getByTestId('keyring-use-for-signing').click();
    await page.getByTestId('nav-sign').click();
    await page.getByTestId('template-select').selectOption('client-assertion');
    await page.getByTestId('sign-key-select').selectOption(ec.id);
    await page.getByTestId('ca-client-id').fill('privacy-tour-client');
    await page.getByTestId('ca-token-endpoint').fill('https://auth.example.org/oauth2/token');
    await page.getByTestId('sign-button').click();
    await page.getByTestId('signed-token').waitFor();
    token = await page.getByTestId('signed-token').textContent();
    await recordHref('signed a client assertion');

    // Decoder: open the token with its public key, then verify against a pasted JWKS that also
    // holds a private key (the verify box takes any key text; it must stay in memory).
    await page.getByTestId('open-in-decoder').click();
    await waitForVerifyStatus('valid');
    await recordHref('opened the token in the Decoder');
    const jwks = { keys: [{ ...importedJwk, kid: 'imported' }, { ...ec.publicJwk, kid: ec.kid }] };
    await page.getByTestId('verify-key-input').fill(JSON.stringify(jwks));
    await waitForVerifyStatus('valid');
    await recordHref('verified with a pasted JWKS');

    // HTI:jwe round trip: the Signer encrypts the signed token for a module's public key, the
    // Decoder opens it with the module's private key (pasted: memory only) and checks the inside.
    const module = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const modulePem = module.privateKey.export({ type: 'pkcs8', format: 'pem' });
    const moduleJwk = module.privateKey.export({ format: 'jwk' });
    secrets.push(moduleJwk.d, moduleJwk.p, moduleJwk.q, ...pemBodyLines(modulePem));
    await page.getByTestId('nav-sign').click();
    await page.getByTestId('encrypt-toggle').check();
    await page.getByTestId('encrypt-key-input').fill(
      JSON.stringify({ ...module.publicKey.export({ format: 'jwk' }), kid: 'module-enc', use: 'enc' }),
    );
    await page.getByTestId('sign-button').click();
    await page.getByTestId('encrypted-token').waitFor();
    const encrypted = await page.getByTestId('encrypted-token').textContent();
    await page.getByTestId('encrypt-toggle').uncheck();
    await page.getByTestId('nav-decode').click();
    await page.getByTestId('token-input').fill(encrypted);
    await page.getByTestId('decrypt-key-input').fill(modulePem);
    await page.locator('[data-testid="decrypt-status"][data-status="decrypted"]').waitFor();
    await waitForVerifyStatus('valid');
    await recordHref('encrypted for a module and decrypted with its pasted private key');

    // JWKS builder: every keyring key's public half.
    await page.getByTestId('nav-jwks').click();
    await page.getByTestId('jwks-add-from-keyring').click();
    await page.getByTestId('jwks-output').waitFor();
    await recordHref('built a JWKS from the keyring');
  });

  after(async () => {
    await app?.close();
  });

  test('the tour signed a token that verified, and built a set of public keys only', async () => {
    assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.equal(await page.getByTestId('verify-status').count(), 0, 'the tour ends in the JWKS builder');
    const built = JSON.parse(await page.getByTestId('jwks-output').textContent());
    assert.equal(built.keys.length, 3);
    assert.deepEqual(built.keys.filter((jwk) => 'd' in jwk), []);
  });

  test('every request was a GET of one of the app\'s own files, under its sub-path', async () => {
    assert.ok(app.requests.length > 0, 'the recorder saw the page load');
    const foreign = await foreignRequests(app.requests, app.baseUrl);
    const listed = foreign.map((request) => `${request.method} ${request.url} (${request.resourceType})`).join('\n');
    assert.deepEqual(foreign, [], `requests other than GETs of the app's own files:\n${listed}`);
    const served = app.server.requests.filter((request) => request.method !== 'GET');
    assert.deepEqual(served, [], 'the server saw only GETs');
  });

  test('localStorage holds only the theme, sessionStorage nothing', async () => {
    const storage = await page.evaluate(() => {
      const entries = (store) => Object.keys(store).map((name) => [name, store.getItem(name)]);
      return { local: entries(localStorage), session: entries(sessionStorage) };
    });
    assert.deepEqual(storage.session, []);
    assert.deepEqual(storage.local.filter(([name]) => name !== THEME_KEY), []);
    for (const [, value] of storage.local) assert.ok(['system', 'light', 'dark'].includes(value), value);
  });

  test('IndexedDB has no databases and there are no cookies', async () => {
    assert.deepEqual(await page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name)), []);
    assert.equal(await page.evaluate(() => document.cookie), '');
    assert.deepEqual(await app.context.cookies(), []);
  });

  test('Cache Storage holds only the app\'s own files', async () => {
    const own = new Set((await distFiles()).map((file) => new URL(file, app.baseUrl).href));
    own.add(app.baseUrl);
    const cached = await page.evaluate(async () => {
      // Once a worker is active its install step has filled the cache, so the list is complete.
      await navigator.serviceWorker.ready;
      const urls = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
      }
      return urls;
    });
    assert.ok(cached.length > 0, 'the service worker cached the app');
    assert.deepEqual(cached.filter((url) => !own.has(url)), []);
  });

  test('the URL never carried a private key', () => {
    assert.equal(hrefs.filter(({ step }) => step !== 'navigation').length, 9, 'an address after every step');
    const leaked = hrefs.filter(({ href }) => {
      const text = unescaped(href);
      return PRIVATE_MARKERS.some((marker) => marker.test(text)) || secrets.some((secret) => text.includes(secret));
    });
    assert.deepEqual(leaked, []);
  });

  test('the console never printed key material', () => {
    assert.ok(secrets.length > 10, 'the tour saw private values to look for');
    assert.ok(consoleMessages.includes('log: kjd console probe'), 'the console recorder works');
    const leaked = consoleMessages.filter(
      (text) => PRIVATE_MARKERS.some((marker) => marker.test(text)) || secrets.some((secret) => text.includes(secret)),
    );
    assert.deepEqual(leaked, []);
  });

  test('logs no errors and breaks no Content-Security-Policy rule', () => {
    assert.deepEqual(app.consoleErrors, []);
    assert.deepEqual(app.cspViolations, []);
  });
});

test('a token over 1 MiB is refused with its size, and the page stays usable', async () => {
  const app = await openApp('#/decode');
  try {
    const { page } = app;
    const huge = `eyJhbGciOiJSUzI1NiJ9.${'A'.repeat(1024 * 1024)}.c2ln`;
    await page.getByTestId('token-input').fill(huge);

    const error = page.getByTestId('decode-error');
    await error.waitFor();
    assert.match(await error.textContent(), new RegExp(`${huge.length} bytes; at most 1048576 bytes are accepted`));

    await page.getByTestId('nav-keys').click();
    await page.getByTestId('keygen-button').waitFor();
    assert.deepEqual(app.consoleErrors, []);
  } finally {
    await app.close();
  }
});
