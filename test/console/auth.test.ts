// Staff tokens: parsing CONSOLE_TOKEN and matching in constant time.
import { describe, expect, it } from 'vitest';
import { MIN_TOKEN_LENGTH, matchToken, parseTokens, StaffSessions } from '../../src/console/auth';
import { MemoryStore } from '../../src/sessions';

describe('CONSOLE_TOKEN', () => {
  it('reads one or more tokens, named or not, and refuses short ones without printing them', () => {
    const { tokens, problems } = parseTokens(' alice:aaaaaaaaaaaaaaaa1 , bbbbbbbbbbbbbbbbbb2,qzx7, bob:tiny ,,');
    expect(tokens.map((t) => t.name)).toEqual(['alice', '坐席']);
    expect(problems).toHaveLength(2);
    expect(problems.join()).not.toContain('qzx7');
    expect(problems.join()).not.toContain('tiny');
    expect(problems.join()).toContain('bob');
    expect(parseTokens(undefined).tokens).toEqual([]);
    expect(parseTokens('').tokens).toEqual([]);
  });

  it('matches the right token, and nothing else', () => {
    const { tokens } = parseTokens('alice:aaaaaaaaaaaaaaaa1,bob:bbbbbbbbbbbbbbbb2');
    expect(matchToken(tokens, 'aaaaaaaaaaaaaaaa1')).toBe('alice');
    expect(matchToken(tokens, 'bbbbbbbbbbbbbbbb2')).toBe('bob');
    for (const wrong of [
      'aaaaaaaaaaaaaaaa',
      'aaaaaaaaaaaaaaaa12',
      'alice:aaaaaaaaaaaaaaaa1',
      '',
      ' ',
      'x'.repeat(5000),
    ]) {
      expect(matchToken(tokens, wrong), wrong.slice(0, 20)).toBeUndefined();
    }
    expect(matchToken(tokens, undefined)).toBeUndefined();
    expect(matchToken([], 'aaaaaaaaaaaaaaaa1')).toBeUndefined();
    expect(MIN_TOKEN_LENGTH).toBeGreaterThanOrEqual(16);
  });
});

describe('staff sessions', () => {
  it('opens, reads and closes a session; forged or malformed ids are nobody', async () => {
    const store = new MemoryStore();
    const s = new StaffSessions(store);
    const id = await s.open('alice');
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await s.staff(id)).toBe('alice');
    expect(await s.staff(`${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
    expect(await s.staff('../../etc/passwd')).toBeUndefined();
    expect(await s.staff(undefined)).toBeUndefined();
    await s.close(id);
    expect(await s.staff(id)).toBeUndefined();
  });
});
