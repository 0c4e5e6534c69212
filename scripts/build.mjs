#!/usr/bin/env node
// Compiles the server and its packages to one ESM file, dist/server/main.js (esbuild), and loads the knowledge once
// so that its validated snapshot sits beside it. One file starts much faster than hundreds of modules resolved one
// by one. The output is two folders deep like src/<area>/, so paths resolved from our code (knowledge/, public/)
// point to the same places as in the sources; packages that read files beside their own code (__dirname) get
// their real folder in node_modules written in.
//   node scripts/build.mjs            build, then write the knowledge snapshot
//   node scripts/build.mjs --if-stale build only when src/, package-lock.json or this script changed
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/server/main.js');
const stampFile = join(root, 'dist/server/.inputs');

function files(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? files(p) : [p];
    });
}

export function inputsHash() {
  const h = createHash('sha256');
  for (const f of [...files(join(root, 'src')), join(root, 'package-lock.json'), fileURLToPath(import.meta.url)]) {
    h.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
  }
  return h.digest('hex');
}

/** esbuild plugin: __dirname and __filename of bundled packages become the paths they had in node_modules. */
const packagePaths = {
  name: 'package-paths',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/].*\.(c?js)$/ }, async (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!/\b__(dirname|filename)\b/.test(text)) return undefined;
      const prelude = `var __dirname = ${JSON.stringify(dirname(args.path))}, __filename = ${JSON.stringify(args.path)};\n`;
      return { contents: prelude + text, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

/** Bundles one entry point with its packages into one ESM file (two folders below the project root). */
export async function bundle(entry, outfile) {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    minify: true,
    keepNames: true,
    logLevel: 'warning',
    // CommonJS packages inside an ES module still call require() for Node's own modules
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    plugins: [packagePaths],
  });
}

export async function build({ ifStale = false } = {}) {
  const stamp = inputsHash();
  if (ifStale && existsSync(out) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return false;
  await bundle(join(root, 'src/main.ts'), out);
  // the first load validates the knowledge files and writes the snapshot the next starts read
  execFileSync(process.execPath, [out, '--warm'], { cwd: root, stdio: 'inherit' });
  writeFileSync(stampFile, stamp);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const t0 = Date.now();
  const built = await build({ ifStale: process.argv.includes('--if-stale') });
  if (built) console.error(`built dist/server/main.js in ${Date.now() - t0} ms`);
}
