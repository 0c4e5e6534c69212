// Words live in knowledge/vocabulary, not in code: src/intents holds no Chinese outside comments.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = 'src/intents';
const CJK = /[\u3400-\u9fff]/;
const COMMENT_LINE = /^\s*(\/\/|\*|\/\*)/;

describe('no words in src/intents', () => {
  it('has no Chinese in any line of code (comments may quote the notices)', () => {
    const hits: string[] = [];
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      readFileSync(join(dir, f), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (CJK.test(line) && !COMMENT_LINE.test(line)) hits.push(`${f}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(hits).toEqual([]);
  });

  it('would notice one (the check can fail)', () => {
    expect(CJK.test("const x = '专利';") && !COMMENT_LINE.test("const x = '专利';")).toBe(true);
  });
});
