// Text normalisation and number helpers for the rule parser: full-width forms, typos, Chinese numerals, halves.

const CN_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  壹: 1,
  二: 2,
  贰: 2,
  两: 2,
  俩: 2,
  三: 3,
  叁: 3,
  四: 4,
  肆: 4,
  五: 5,
  伍: 5,
  六: 6,
  陆: 6,
  七: 7,
  柒: 7,
  八: 8,
  捌: 8,
  九: 9,
  玖: 9,
};
const CN_UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };

/** Parses a Chinese numeral such as 三, 十二, 二十五, 一百零五, 两千; undefined if it is not one. */
export function cnToNumber(s: string): number | undefined {
  if (!s) return undefined;
  let total = 0;
  let current = 0;
  let seen = false;
  for (const ch of s) {
    const d = CN_DIGITS[ch];
    if (d !== undefined) {
      current = current * 10 + d; // also reads 二〇二五 digit by digit
      seen = true;
      continue;
    }
    const u = CN_UNITS[ch];
    if (u !== undefined) {
      total += (current || 1) * u;
      current = 0;
      seen = true;
      continue;
    }
    return undefined;
  }
  return seen ? total + current : undefined;
}

const NUMERAL_CHARS = '零〇一二两俩三四五六七八九十百千';
// Units after which a Chinese numeral is read as a number (not part of a word like 六安, 一线, 两会, 一等奖).
const UNIT_AFTER =
  '(?:整年|个半?|星期|礼拜|天|日|篇|部|本|项|门|名|位|次|场|堂|套|节|轮|年|月|周|件|模块|学时|小时|分钟|起草人|发明人|作者|主持人|完成人|获奖人|主编|期|届|岁|千字|字|课|科)';
const ORDINAL_RE = new RegExp(
  `(第|排名第?|排在第?|排序第?|排|公需|专业|学了|修了|完成了?|一共|总共|合计|已经)([${NUMERAL_CHARS}]+)(?![点些下直起样般共])`,
  'g',
);
const COUNT_RE = new RegExp(
  `(?<![同统唯万们])([${NUMERAL_CHARS}]+)(?=${UNIT_AFTER}|$|[，,。.！!？?；;、\\s）)(])`,
  'g',
);

/** Replaces Chinese numerals that count or rank something (三篇, 第二, 十二天) with digits; leaves words alone. */
export function digitize(text: string): string {
  const ordinal = text.replace(ORDINAL_RE, (m, pre: string, num: string) => {
    // "第一一个排第五": digit-by-digit reading is only for years, so an ordinal with no 十百千 is one digit
    if (num.length > 1 && !/[十百千]/.test(num)) {
      const first = cnToNumber(num[0]!);
      return first === undefined ? m : `${pre}${first} ${num.slice(1)}`;
    }
    const n = cnToNumber(num);
    return n === undefined ? m : `${pre}${n}`;
  });
  return ordinal.replace(COUNT_RE, (m, num: string) => {
    const n = cnToNumber(num);
    return n === undefined ? m : String(n);
  });
}

// Common typos and variants of the domain's words, fixed before any matching.
const TYPOS: Array<[RegExp, string]> = [
  [/学识|学实|学食|学是|学史|雪时|学ji|xueshi|xue shi/gi, '学时'],
  [/专力|专丽|砖利|专例|zhuanli/gi, '专利'],
  [/发名(?=专利|专力)|法明(?=专利)/g, '发明'],
  [/gongxu/gi, '公需'],
  [/论问|伦文|论闻/g, '论文'],
  [/继教|继续教肓|继续敎育/g, '继续教育'],
  [/公须|供需(?=科目|课|学时|\d)/g, '公需'],
  [/专业客|专业可(?=目)/g, '专业科'],
  [/实用性专利|适用新型|实用新形|实用型/g, '实用新型'],
  [/职成|职陈/g, '职称'],
  [/著做权|着作权/g, '著作权'],
  [/培训训/g, '培训'],
  [/多扫|多小(?=学时)/g, '多少'],
  [/截至日期|截止日起/g, '截止日期'],
  [/考式|考事(?=过|合格|通过)/g, '考试'],
  [/电化(?=$|[?？吗呢。,，\s]|多少|是|号)/g, '电话'],
  [/网止|往址/g, '网址'],
  [/卫建委/g, '卫健委'],
  // "排老二": a colloquial rank
  [/(排(?:行|名)?)老大/g, '$1第一'],
  [/(排(?:行|名)?)老([二三四五六七八九十])(?!师)/g, '$1第$2'],
];

/** NFKC (full-width digits and letters), drops emoji and decorations, fixes typos, squeezes spaces. */
export function normalize(text: string): string {
  let s = text.normalize('NFKC');
  s = s.replace(/[\u{1F000}-\u{1FAFF}\u{2600}-\u{27BF}\u{2B50}\u{2B55}]/gu, ' ').replace(/\u{FE0F}|\u{200D}/gu, '');
  s = s.replace(/\[[^\]\s]{1,6}\]/g, ' '); // WeChat stickers like [微笑]
  s = s.replace(/[~～]+/g, ' ');
  for (const [re, rep] of TYPOS) s = s.replace(re, rep);
  s = s.replace(/\s+/g, ' ').trim();
  // "2 天", "3 篇": a number and its unit belong together
  s = s.replace(/(\d)\s+(?=[天个篇部本项门名位次年月周件小学分字])/g, '$1');
  return s;
}

/** Reads "3天半", "半天", "1天半", "2.5天", "两个半天" → days. */
export function readDays(s: string): number | undefined {
  let m = /(?<![\d.])(\d+(?:\.\d+)?)\s*个?(?:工作)?(?:天|日)半/.exec(s);
  if (m) return Number(m[1]) + 0.5;
  m = /(?<![\d.])(\d+(?:\.\d+)?)\s*个?半天/.exec(s);
  if (m) return Number(m[1]) * 0.5;
  m = /(?<![\d.])(\d+(?:\.\d+)?)\s*个?(?:工作)?(?:天|日)(?![\d期])/.exec(s);
  if (m) return Number(m[1]);
  m = /(?<![\d.])(\d+)\s*(?:个)?(?:周|星期|礼拜)(?!末|[一二三四五六日])/.exec(s);
  if (m) return Number(m[1]) * 7;
  if (/半天/.test(s)) return 0.5;
  return undefined;
}

/** Reads "4小时", "2个半小时", "3个学时" (documented or lecture hours). */
export function readHours(s: string): number | undefined {
  let m = /(?<![\d.])(\d+(?:\.\d+)?)\s*个半(?:小时|钟头)/.exec(s);
  if (m) return Number(m[1]) + 0.5;
  m = /(?<![\d.])(\d+(?:\.\d+)?)\s*个?(?:小时|钟头|课时)/.exec(s);
  if (m) return Number(m[1]);
  if (/半(?:个)?小时/.test(s)) return 0.5;
  return undefined;
}

/** "3月到8月", "5-10月": a range of calendar months in one year. */
export const MONTH_RANGE =
  /(?<![\d.])(\d{1,2})\s*(?:月份?)?(?:初|中|底|末)?\s*[^\d,，。;；]{0,3}?(?:到|至|-|~|—|－)[^\d,，。;；]{0,3}?(\d{1,2})\s*月份?(?:初|中|底|末)?(?![\d个])/;

/** Months of a calendar range, both ends counted ("3月到8月" → 6); undefined when there is none. */
export function readMonthRange(s: string): number | undefined {
  const m = MONTH_RANGE.exec(s);
  if (!m) return undefined;
  const a = Number(m[1]);
  const b = Number(m[2]);
  return a >= 1 && b <= 12 && b >= a ? b - a + 1 : undefined;
}

/** Reads "3个月", "半年", "1年半", "两个半月", "满一年", "3月到8月" → months. Years are only durations when 1-9. */
export function readMonths(s: string): number | undefined {
  const range = readMonthRange(s);
  if (range !== undefined) return range;
  let m = /(?<![\d.])(\d+(?:\.\d+)?)\s*个半月/.exec(s);
  if (m) return Number(m[1]) + 0.5;
  m = /(?<![\d.])(\d+(?:\.\d+)?)\s*个月/.exec(s);
  if (m) return Number(m[1]);
  if (/半个月/.test(s)) return 0.5;
  m = /(?<![\d.])([1-9])\s*年半/.exec(s);
  if (m) return Number(m[1]) * 12 + 6;
  if (/半年/.test(s)) return 6;
  m = /(?<![\d.])([1-9])\s*(?:整年|年)(?!\d|级|度)/.exec(s);
  if (m) return Number(m[1]) * 12;
  return undefined;
}
