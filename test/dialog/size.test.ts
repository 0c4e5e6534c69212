// The dialog and the chat service stay sets of small functions: none longer than 80 lines.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const MAX_LINES = 80;
const DIRS = ['../../src/dialog', '../../src/chat'].map((d) => join(import.meta.dirname, d));

function longFunctions(file: string, source: string, max: number): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      const name = (node as ts.FunctionDeclaration).name?.getText(sf) ?? '(anonymous)';
      if (end - start + 1 > max) out.push(`${file}:${start + 1} ${name} ${end - start + 1} lines`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

describe('src/dialog and src/chat', () => {
  it(`has no function longer than ${MAX_LINES} lines`, () => {
    const hits = DIRS.flatMap((dir) =>
      readdirSync(dir)
        .filter((f) => f.endsWith('.ts'))
        .flatMap((f) => longFunctions(f, readFileSync(join(dir, f), 'utf8'), MAX_LINES)),
    );
    expect(hits).toEqual([]);
  });

  it('would notice one (the check can fail)', () => {
    const body = Array.from({ length: 90 }, (_, i) => `  const a${i} = ${i};`).join('\n');
    expect(longFunctions('x.ts', `function big() {\n${body}\n}\n`, MAX_LINES)).toHaveLength(1);
  });
});
