#!/usr/bin/env node
// `npm start`: rebuilds dist/server/main.js when the sources changed since the last build (a few hundred ms),
// then runs it in this process.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from './build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await build({ ifStale: true });
await import(pathToFileURL(join(root, 'dist/server/main.js')).href);
