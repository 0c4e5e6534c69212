// What the assistant understood of a user, in words staff can read out: region and place, year, items, hours.
import type { Session } from '../dialog/state';
import type { Achievement } from '../domain/vocab';
import type { PolicyIndex } from '../policy/index-kb';
import { KIND_NAMES, ROUTE_NAMES, SLOT_NAMES, TITLE_LEVEL_NAMES, VALUE_NAMES } from '../policy/words';

export interface Fact {
  label: string;
  value: string;
}

const REASONS: Record<string, string> = VALUE_NAMES.reason ?? {};

/** "发明专利，排第2" */
export function describeItem(a: Achievement): string {
  const parts: string[] = [];
  const main = a.patentType ? VALUE_NAMES.patentType![a.patentType]! : (KIND_NAMES[a.kind] ?? a.kind);
  for (const [k, v] of Object.entries(a)) {
    if (k === 'kind' || k === 'patentType' || v === undefined) continue;
    if (k === 'rank') parts.push(`排第${v}`);
    else if (k === 'count') parts.push(`${v}项`);
    else if (k === 'days') parts.push(`${v}天`);
    else if (k === 'hours') parts.push(`${v}小时`);
    else if (k === 'months') parts.push(`${v}个月`);
    else parts.push(VALUE_NAMES[k]?.[String(v)] ?? `${SLOT_NAMES[k] ?? k}：${String(v)}`);
  }
  return parts.length ? `${main}（${parts.join('，')}）` : main;
}

function describeHours(h: { year?: number; public?: number; professional?: number; total?: number }): string {
  const parts = [
    h.public !== undefined ? `公需${h.public}` : '',
    h.professional !== undefined ? `专业${h.professional}` : '',
    h.total !== undefined ? `合计${h.total}` : '',
  ].filter(Boolean);
  return `${h.year ? `${h.year}年` : '年度未说'}：${parts.join('、') || '未说数字'}学时`;
}

/** The facts of a session, most useful first; empty when nothing was understood. */
export function describeFacts(session: Session | undefined, ix: PolicyIndex): Fact[] {
  if (!session) return [];
  const out: Fact[] = [];
  const p = session.profile;
  const frame = session.pending?.frame ?? session.last[session.focus];
  const f = frame?.facts;
  const slots = {
    where: f?.where,
    year: f?.year,
    achievements: f?.items,
    onDuty: f?.onDuty,
    hours: f?.hours,
    level: f?.level,
    route: f?.route,
  };
  const who = session.focus === 'self' ? undefined : session.people[session.focus];
  if (who) out.push({ label: '所问人员', value: who.label });
  const region = slots.where?.region ?? p.region;
  const place = slots.where?.place ?? (region === p.region ? p.place : undefined);
  if (region) {
    const name = ix.placeName(region) ?? region;
    out.push({ label: '地区', value: place ? `${name} ${ix.placeName(place) ?? place}` : name });
  } else if (p.uncovered || slots.where?.uncovered) {
    out.push({ label: '地区', value: `${slots.where?.uncovered ?? p.uncovered}（暂未收录）` });
  }
  if (slots.year) out.push({ label: '年度', value: `${slots.year}年` });
  const items = slots.achievements ?? [];
  if (items.length) out.push({ label: '成果', value: items.map(describeItem).join('；') });
  if (slots.onDuty) {
    const d = slots.onDuty;
    const parts = [
      d.reason ? REASONS[d.reason] : '',
      d.monthsOnDuty !== undefined ? `在岗${d.monthsOnDuty}个月` : '',
      d.monthsAway !== undefined ? `离岗${d.monthsAway}个月` : '',
    ].filter(Boolean);
    if (parts.length) out.push({ label: '在岗情况', value: parts.join('，') });
  }
  const hours = slots.hours?.length ? slots.hours : (who?.hours ?? p.hours);
  if (hours.length) out.push({ label: '已学学时', value: hours.map(describeHours).join('；') });
  const level = slots.level ?? p.level;
  const route = slots.route ?? p.route;
  if (level || route) {
    out.push({
      label: '职称',
      value: [level ? TITLE_LEVEL_NAMES[level] : '', route ? ROUTE_NAMES[route] : ''].filter(Boolean).join('，'),
    });
  }
  if (session.pending) out.push({ label: '正在追问', value: session.pending.question });
  return out;
}
