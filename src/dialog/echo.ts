// One line of what was understood ("按：发明专利·第2名；实用新型专利·第5名；2025年"), so a misreading shows at once.
import type { Achievement } from '../domain/vocab';
import { KIND_NAMES, TITLE_LEVEL_NAMES, VALUE_NAMES } from '../policy/words';
import type { Frame } from './state';

const SHORT = /（.*?）/gu;

function valueName(slot: string, v: unknown): string | undefined {
  const name = VALUE_NAMES[slot]?.[String(v)];
  return name?.replace(SHORT, '');
}

const NUMBER_WORDS: Array<[keyof Achievement, (n: number) => string]> = [
  ['rank', (n) => `第${n}名`],
  ['count', (n) => `${n}项`],
  ['days', (n) => `${n}天`],
  ['hours', (n) => `${n}小时`],
  ['perDay', (n) => `每天${n}小时`],
  ['months', (n) => `${n}个月`],
];

const VALUE_SLOTS: Array<keyof Achievement> = [
  'level',
  'role',
  'authorship',
  'indexing',
  'prize',
  'certificate',
  'langGrade',
  'paper',
  'abroad',
  'official',
  'completed',
  'subject',
];

/** "发明专利·第2名", "学术论文·SCI·第一作者·2项". */
export function describeItem(item: Achievement): string {
  const head = (item.patentType && valueName('patentType', item.patentType)) || KIND_NAMES[item.kind] || item.kind;
  const bits: string[] = [head.replace(SHORT, '')];
  for (const slot of VALUE_SLOTS) {
    const v = item[slot];
    if (v === undefined || (slot === 'indexing' && v === 'none')) continue;
    const name = slot === 'official' ? (v ? '因公派出' : '自费') : valueName(slot, v);
    if (name) bits.push(name);
  }
  for (const [slot, say] of NUMBER_WORDS) {
    const v = item[slot];
    if (typeof v === 'number' && !(slot === 'count' && v === 1)) bits.push(say(v));
  }
  return bits.join('·');
}

export interface EchoNames {
  region?: string;
  place?: string;
  person?: string;
  year: number;
}

/** The line of what was understood for a computed answer. */
export function echoLine(frame: Frame, names: EchoNames): string {
  const f = frame.facts;
  const parts: string[] = [];
  if (names.person) parts.push(names.person);
  if (frame.topic === 'convert' || frame.topic === 'cap' || frame.topic === 'subject')
    for (const item of f.items) parts.push(describeItem(item));
  if (f.onDuty?.reason) parts.push(valueName('reason', f.onDuty.reason) ?? '');
  if (f.onDuty?.official !== undefined) parts.push(valueName('official', String(f.onDuty.official)) ?? '');
  if (f.onDuty?.serious !== undefined) parts.push(valueName('serious', String(f.onDuty.serious)) ?? '');
  if (f.onDuty?.monthsOnDuty !== undefined) parts.push(`在岗${f.onDuty.monthsOnDuty}个月`);
  if (f.onDuty?.monthsAway !== undefined) parts.push(`离岗${f.onDuty.monthsAway}个月`);
  if (f.level && (frame.topic === 'eligibility' || frame.topic === 'clause'))
    parts.push(`${TITLE_LEVEL_NAMES[f.level]}职称`);
  parts.push(`${names.year}年`);
  if (names.region) parts.push(names.place ? `${names.region}${names.place}` : names.region);
  return `按：${parts.filter(Boolean).join('；')}`;
}

/** The echo goes right after the first line of a reply (the figure first). */
export function withEcho(body: string, echo: string): string {
  const i = body.indexOf('\n');
  return i < 0 ? `${body}\n${echo}` : `${body.slice(0, i)}\n${echo}${body.slice(i)}`;
}
