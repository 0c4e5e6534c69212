// Tokenising a message: the longest known word at each position (lexicon trie), numbers (digits and numerals),
// Latin words, punctuation, and the rest as unknown spans. Linear in the message.
import { bestMatch, fold, type Lexicon, longestMatch, numeralValue, type PlaceRef, type Sense } from './lexicon';

export type TokenType = 'word' | 'num' | 'punct' | 'space' | 'unknown';

export interface Token {
  type: TokenType;
  /** offsets in the folded text */
  start: number;
  end: number;
  text: string;
  senses: Sense[];
  places: PlaceRef[];
  /** the value of a number token */
  num?: number;
  /** a number written in digits (4-digit years are only read from digits or 〇-style numerals) */
  digits?: boolean;
  /** a number that cannot be a figure (1e309, NaN) */
  absurd?: boolean;
  /** punctuation that ends a question (？) */
  question?: boolean;
}

// Unicode classes only: no words in code.
const SPACE = /\s/u;
const PUNCT = /[\p{P}\p{S}]/u;
const DIGIT = /[0-9]/;
const LATIN = /[a-z]/;
const QUESTION_MARK = /[?\uFF1F]/u;
/** emoji and pictographs, removed before reading */
const EMOJI = /\p{Extended_Pictographic}|\u{FE0F}|\u{200D}|\u{20E3}/gu;
/** WeChat sticker codes such as [微笑] (a bracket, a few letters, a bracket) */
const STICKER = /\[[^\]\s\d]{1,6}\]/gu;
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;

/** The text as the reader sees it: folded, emoji and stickers out, spaces squeezed. */
const MAYBE_EMOJI = /[\u2190-\u2bff]|[\ud800-\udfff]|\ufe0f/;

export function prepare(lex: Lexicon, text: string): string {
  let s = fold(text.replace(INVISIBLE, ''), lex.vocabulary.variants);
  if (MAYBE_EMOJI.test(s)) s = s.replace(EMOJI, ' ');
  if (s.includes('[')) s = s.replace(STICKER, ' ');
  return s.replace(/\s+/gu, ' ').trim();
}

function readDigits(s: string, at: number): { end: number; num: number; absurd: boolean } {
  let i = at;
  while (i < s.length && DIGIT.test(s[i]!)) i++;
  if (s[i] === '.' && DIGIT.test(s[i + 1] ?? '')) {
    i++;
    while (i < s.length && DIGIT.test(s[i]!)) i++;
  }
  let absurd = false;
  // 1e309: a number in exponent form is never a figure a user means
  if (s[i] === 'e' && DIGIT.test(s[i + 1] ?? '')) {
    i++;
    while (i < s.length && DIGIT.test(s[i]!)) i++;
    absurd = true;
  }
  const num = Number(s.slice(at, i));
  return { end: i, num, absurd: absurd || !Number.isFinite(num) || i - at > 9 };
}

/**
 * How much of a run of numeral characters is one number. Runs with 十百千万 are one number; a run of bare digits
 * is a year when it has four (二〇二五), a range read at its lower end when two neighbours (七八篇), else one digit
 * (第一一个排第五: 第一 + 一个).
 */
function digitRun(lex: Lexicon, s: string, at: number, len: number): { len: number; value?: number } {
  const run = s.slice(at, at + len);
  const digits = lex.vocabulary.numerals.digits;
  if (![...run].every((ch) => digits.has(ch)) || len >= 4 || len === 1) return { len };
  const a = digits.get(run[0]!)!;
  const b = digits.get(run[1]!)!;
  if (len === 2 && b === a + 1) return { len: 2, value: a };
  return { len: 1 };
}

/** Splits the prepared text into tokens. */
export function tokenize(lex: Lexicon, s: string): Token[] {
  const out: Token[] = [];
  let unknownFrom = -1;
  const flushUnknown = (to: number) => {
    if (unknownFrom >= 0) {
      out.push({
        type: 'unknown',
        start: unknownFrom,
        end: to,
        text: s.slice(unknownFrom, to),
        senses: [],
        places: [],
      });
      unknownFrom = -1;
    }
  };
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    if (SPACE.test(ch)) {
      flushUnknown(i);
      out.push({ type: 'space', start: i, end: i + 1, text: ch, senses: [], places: [] });
      i++;
      continue;
    }
    if (DIGIT.test(ch)) {
      flushUnknown(i);
      const d = readDigits(s, i);
      // a known word that starts with digits and is longer than them (1等奖, 1作, 45分钟)
      const w = longestMatch(lex, s, i);
      if (w && w.length > d.end - i) {
        out.push({
          type: 'word',
          start: i,
          end: i + w.length,
          text: s.slice(i, i + w.length),
          senses: w.senses,
          places: w.places,
        });
        i += w.length;
        continue;
      }
      out.push({
        type: 'num',
        start: i,
        end: d.end,
        text: s.slice(i, d.end),
        senses: [],
        places: [],
        num: d.num,
        digits: true,
        absurd: d.absurd,
      });
      i = d.end;
      continue;
    }
    if (LATIN.test(ch)) {
      flushUnknown(i);
      let j = i;
      while (j < s.length && LATIN.test(s[j]!)) j++;
      const m = longestMatch(lex, s, i);
      const word = s.slice(i, j);
      // a Latin word is known only as a whole (sci, ei, qh, a级), never as the start of a longer Latin word
      if (m && m.length >= j - i) {
        out.push({
          type: 'word',
          start: i,
          end: i + m.length,
          text: s.slice(i, i + m.length),
          senses: m.senses,
          places: m.places,
        });
        i += m.length;
        continue;
      }
      out.push({ type: 'unknown', start: i, end: j, text: word, senses: [], places: [] });
      i = j;
      continue;
    }
    const m = bestMatch(lex, s, i);
    let numLen = 0;
    while (i + numLen < s.length && lex.numeralChars.has(s[i + numLen]!)) numLen++;
    // after 第 / 排 a numeral is a number (第一起草人: 第 + 一 + 起草人, not 一起)
    const afterRank = numLen > 0 && out[out.length - 1]?.senses.some((x) => x.set.mark === 'rank-pre');
    if (m && m.length >= numLen && !afterRank) {
      flushUnknown(i);
      const text = s.slice(i, i + m.length);
      out.push({ type: 'word', start: i, end: i + m.length, text, senses: m.senses, places: m.places });
      i += m.length;
      continue;
    }
    if (numLen > 0) {
      const run = digitRun(lex, s, i, numLen);
      numLen = run.len;
      const text = s.slice(i, i + numLen);
      const num = run.value ?? numeralValue(lex, text);
      if (num !== undefined) {
        flushUnknown(i);
        out.push({ type: 'num', start: i, end: i + numLen, text, senses: [], places: [], num });
        i += numLen;
        continue;
      }
    }
    if (PUNCT.test(ch)) {
      flushUnknown(i);
      out.push({
        type: 'punct',
        start: i,
        end: i + 1,
        text: ch,
        senses: m?.length === 1 ? m.senses : [],
        places: [],
        question: QUESTION_MARK.test(ch),
      });
      i++;
      continue;
    }
    if (unknownFrom < 0) unknownFrom = i;
    i++;
  }
  flushUnknown(s.length);
  return out;
}
