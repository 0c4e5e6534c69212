// Adds lock entries for optional platform packages this registry does not serve, so `npm ci` accepts the lock.
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2] ?? 'package-lock.json';
const lock = JSON.parse(readFileSync(file, 'utf8'));
const pk = lock.packages;
let added = 0;
for (const [path, meta] of Object.entries(pk)) {
  for (const [name, range] of Object.entries(meta.optionalDependencies ?? {})) {
    const base = path ? `${path}/node_modules/${name}` : `node_modules/${name}`;
    if (pk[base] || pk[`node_modules/${name}`]) continue;
    const guess = name.match(/(android|darwin|win32|freebsd|openbsd|sunos|aix|netbsd|linux)/)?.[1];
    pk[`node_modules/${name}`] = {
      version: range.replace(/^[\^~]/, ''),
      dev: meta.dev,
      optional: true,
      ...(guess ? { os: [guess] } : {}),
    };
    added++;
  }
}
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} optional platform entries`);
