// Figures live in knowledge/, not in code: no hour figure, phone number or deadline date in src/ string literals.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const code = files('src').map((f) => ({
  f,
  // comments removed: they may explain what a notice says
  text: readFileSync(f, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1'),
}));

describe('no figures in src/', () => {
  it.each([
    ['hour figures', /\d+\s*个?学时/],
    ['phone numbers', /\b0\d{2,3}-\d{7,8}\b|\b1[3-9]\d{9}\b/],
    ['deadline dates', /20\d\d-\d\d-\d\d|\d{1,2}月\d{1,2}日/],
    ['document numbers', /〔20\d\d〕\d+号/],
  ])('%s', (_, re) => {
    const hits = code.filter((c) => re.test(c.text)).map((c) => `${c.f}: ${c.text.match(re)?.[0]}`);
    expect(hits).toEqual([]);
  });
});
