// Trunk post_build hook (see Trunk.toml), run in the staging directory before it becomes dist/.
//  1. Fails the build if index.html still has an inline script: the CSP would block it and the
//     app would not start.
//  2. Writes the build's file list and a content hash into sw.js, so the service worker caches
//     exactly these files under a cache name that changes whenever any of them changes. Every
//     file is cached when the service worker installs: the page starts the crypto worker right
//     after its first paint, so a first visit fetches them all anyway.
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('TRUNK_STAGING_DIR is not set: run me as a Trunk hook');
const release = process.env.TRUNK_PROFILE === 'release';

const index = await readFile(path.join(staging, 'index.html'), 'utf8');
const inline = index.match(/<script\b(?![^>]*\bsrc=)[^>]*>/gi);
if (inline) {
  throw new Error(`index.html has inline script(s), which the CSP blocks: ${inline.join(' ')}`);
}

const files = (await readdir(staging, { recursive: true, withFileTypes: true }))
  .filter((entry) => entry.isFile())
  .map((entry) => path.relative(staging, path.join(entry.parentPath ?? entry.path, entry.name)))
  .map((file) => file.split(path.sep).join('/'))
  .filter((file) => file !== 'sw.js')
  .sort();

const hash = createHash('sha256');
for (const file of files) {
  hash.update(`${file}\0`);
  hash.update(await readFile(path.join(staging, file)));
  hash.update('\0');
}
const version = hash.digest('hex').slice(0, 16);
const build = release
  ? { version, precache: files }
  : { version: `debug-${version}`, precache: [] };

const swPath = path.join(staging, 'sw.js');
const sw = await readFile(swPath, 'utf8');
const marker = /\/\* kjd:build \*\/.*?\/\* \/kjd:build \*\//s;
if (!marker.test(sw)) throw new Error('sw.js has no /* kjd:build */ marker');
await writeFile(swPath, sw.replace(marker, `/* kjd:build */ ${JSON.stringify(build)} /* /kjd:build */`));
console.log(
  `sw.js: cache version ${build.version}, ${build.precache.length} files at install`,
);
