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
const CN_MYRIAD: Record<string, number> = { 万: 10000, 萬: 10000 };

/** Parses a Chinese numeral such as 三, 十二, 二十五, 一百零五, 两千; undefined if it is not one. */
export function cnToNumber(s: string): number | undefined {
  if (!s) return undefined;
  let big = 0;
  let total = 0;
  let current = 0;
  let seen = false;
  let lastUnit = 0;
  for (const ch of s) {
    const w = CN_MYRIAD[ch];
    if (w !== undefined) {
      // "一万二千", "两万": the part before 万 counts tens of thousands
      big += (total + current || 1) * w;
      total = 0;
      current = 0;
      lastUnit = w;
      seen = true;
      continue;
    }
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
      lastUnit = u;
      seen = true;
      continue;
    }
    return undefined;
  }
  if (!seen) return undefined;
  // "一万二" = 12000, "两千五" = 2500: a trailing digit after a unit is one step below it
  if (current > 0 && current < 10 && lastUnit >= 100 && !/[零〇]/.test(s)) current *= lastUnit / 10;
  return big + total + current;
}

const NUMERAL_CHARS = '零〇一二两俩三四五六七八九十百千万';
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

// "七八篇", "五六天", "三四个小时": two neighbouring numerals are a range, read as its lower end
const RANGE_RE = new RegExp(
  `(?<![${NUMERAL_CHARS}第])([一两二三四五六七八])([二三四五六七八九])(?=个?${UNIT_AFTER})`,
  'g',
);
// "十来篇", "二十来天", "10来个": about that many, read as the number
const ABOUT_RE = new RegExp(`([${NUMERAL_CHARS}]+|\\d+)来(?=个?${UNIT_AFTER})`, 'g');

/** Replaces Chinese numerals that count or rank something (三篇, 第二, 十二天) with digits; leaves words alone. */
export function digitize(text: string): string {
  const ranged = text
    .replace(RANGE_RE, (m, a: string, b: string) => (cnToNumber(b)! - cnToNumber(a)! === 1 ? a : m))
    .replace(ABOUT_RE, '$1');
  const ordinal = ranged.replace(ORDINAL_RE, (m, pre: string, num: string) => {
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

// Traditional characters users mix in (學時, 發明專利, 濟寧), mapped to simplified before matching.
const TRAD =
  '學時專發證書與為們個這麼說還對間開關單價優質網絡課線選擇續務條規則請問謝裡處區縣醫術認導師資獎華東據應號碼聯繫係濟寧職稱語級幾實獨論計機過塊參訓廳舉辦黃電話兩門業標準設會議報題項點鐘際員頭創費註冊聽講評審讀類數畢歷碩軍藥護衛劃龍馬現長產歲屬當傳達動運進邊樣嗎經統權軟體鑒驗團義隊練總廣場館調組織鎮鄉漢園蘭陽復離後從錢讓觀讚張歸屆劉顏風習結頒遞訪餘積極換遠倫國圖閱試寫編輯獲勵執銷貨輸別購買給預測賽勞並併領備層畫訊錄帶幫';
const SIMP =
  '学时专发证书与为们个这么说还对间开关单价优质网络课线选择续务条规则请问谢里处区县医术认导师资奖华东据应号码联系系济宁职称语级几实独论计机过块参训厅举办黄电话两门业标准设会议报题项点钟际员头创费注册听讲评审读类数毕历硕军药护卫划龙马现长产岁属当传达动运进边样吗经统权软体鉴验团义队练总广场馆调组织镇乡汉园兰阳复离后从钱让观赞张归届刘颜风习结颁递访余积极换远伦国图阅试写编辑获励执销货输别购买给预测赛劳并并领备层画讯录带帮';
const TRAD_MAP = new Map([...TRAD].map((c, i) => [c, SIMP[i]!]));
const TRAD_RE = new RegExp(`[${TRAD}]`, 'g');

// English words technicians mix in.
const ENGLISH: Array<[RegExp, string]> = [
  [/first\s*author/gi, '第一作者'],
  [/second\s*author/gi, '第二作者'],
  [/corresponding\s*author/gi, '通讯作者'],
  [/co-?author/gi, '合作作者'],
  [/(?<![a-z])ppt(?![a-z])/gi, '课件'],
  [/(?<![a-z])(?:ok|okay|OK)(?![a-z])[,，]?\s*/gi, ''],
  // "4h", "2.5h": hours
  [/(\d)\s*h(?:ours?|rs?)?(?![a-z])/gi, '$1小时'],
];

// Pinyin initials and spellings of place names typed fast ("qh 发明专利", "jn的"), as standalone Latin tokens.
const PINYIN_PLACES: Array<[string, string]> = [
  ['qh|qinghai', '青海'],
  ['jn|jining', '济宁'],
  ['ah|anhui', '安徽'],
  ['xn|xining', '西宁'],
  ['luan', '六安'],
  ['bj|beijing', '北京'],
  ['tj|tianjin', '天津'],
  ['sh|shanghai', '上海'],
  ['cq|chongqing', '重庆'],
  ['gd|guangdong', '广东'],
];
const PINYIN_RE = PINYIN_PLACES.map(
  ([latin, cn]) => [new RegExp(`(?<![a-z])(?:${latin})(?![a-z])`, 'gi'), cn] as [RegExp, string],
);

// Common typos and variants of the domain's words, fixed before any matching.
const TYPOS: Array<[RegExp, string]> = [
  [/学识|学实|学食|学是|学史|雪时|学ji|xueshi|xue shi/gi, '学时'],
  [/专力|专丽|砖利|专例|zhuanli/gi, '专利'],
  [/发名(?=专利|专力)|法明(?=专利)/g, '发明'],
  [/gongxu/gi, '公需'],
  [/论问|伦文|论闻/g, '论文'],
  [/党效|党较|党小(?=脱产|培训|学习)/g, '党校'],
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
  s = s.replace(TRAD_RE, (c) => TRAD_MAP.get(c) ?? c);
  for (const [re, rep] of ENGLISH) s = s.replace(re, rep);
  for (const [re, rep] of PINYIN_RE) s = s.replace(re, rep);
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
  // 上半年 / 下半年 name a part of the calendar year, not a duration
  if (/(?<![上下前后])半年/.test(s)) return 6;
  m = /(?<![\d.])([1-9])\s*(?:整年|年)(?!\d|级|度)/.exec(s);
  if (m) return Number(m[1]) * 12;
  return undefined;
}
