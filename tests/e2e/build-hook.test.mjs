// scripts/trunk-post-build.mjs, the Trunk hook that guards the CSP and writes the service worker's
// file list, run on small made-up staging directories.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const hook = path.join(repoRoot, 'scripts/trunk-post-build.mjs');
const swTemplate = path.join(repoRoot, 'www/sw.js');
const dirs = [];

after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function staging(indexHtml, extraFiles = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kjd-hook-'));
  dirs.push(dir);
  await writeFile(path.join(dir, 'index.html'), indexHtml);
  await writeFile(path.join(dir, 'sw.js'), await readFile(swTemplate));
  for (const [name, content] of Object.entries(extraFiles)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

const runHook = (dir, profile) =>
  run('node', [hook], { env: { ...process.env, TRUNK_STAGING_DIR: dir, TRUNK_PROFILE: profile } });

async function builtFileList(dir) {
  const sw = await readFile(path.join(dir, 'sw.js'), 'utf8');
  return JSON.parse(sw.match(/\/\* kjd:build \*\/(.*?)\/\* \/kjd:build \*\//s)[1]);
}

const PAGE = '<html><head><script type="module" src="./init-1.js"></script></head><body></body></html>';

test('a release build lists every file but sw.js for the service worker', async () => {
  const dir = await staging(PAGE, { 'init-1.js': 'x', 'app-1_bg.wasm': 'y', 'snippets/a/b.js': 'z' });
  await runHook(dir, 'release');
  const build = await builtFileList(dir);
  assert.deepEqual(build.precache, ['app-1_bg.wasm', 'index.html', 'init-1.js', 'snippets/a/b.js']);
  assert.match(build.version, /^[0-9a-f]{16}$/);
});

test('the crypto worker is cached at install with the page (it starts after the first paint)', async () => {
  const dir = await staging(PAGE, {
    'init-1.js': 'x',
    'crypto_worker.js': 'k',
    'crypto_worker_bg.wasm': 'l',
    'crypto_worker_boot.js': 'm',
  });
  await runHook(dir, 'release');
  const build = await builtFileList(dir);
  assert.deepEqual(build.precache, [
    'crypto_worker.js',
    'crypto_worker_bg.wasm',
    'crypto_worker_boot.js',
    'index.html',
    'init-1.js',
  ]);
});

test('changing any file changes the cache version', async () => {
  const first = await staging(PAGE, { 'init-1.js': 'x' });
  const second = await staging(PAGE, { 'init-1.js': 'x2' });
  await runHook(first, 'release');
  await runHook(second, 'release');
  assert.notEqual((await builtFileList(first)).version, (await builtFileList(second)).version);
});

test('a debug build lets the service worker cache nothing', async () => {
  const dir = await staging(PAGE, { 'init-1.js': 'x' });
  await runHook(dir, 'debug');
  const build = await builtFileList(dir);
  assert.deepEqual(build.precache, []);
});

test('an inline script fails the build, because the CSP would block it', async () => {
  const dir = await staging('<html><body><script type="module">import("./a.js")</script></body></html>');
  await assert.rejects(runHook(dir, 'release'), /inline script/);
});
