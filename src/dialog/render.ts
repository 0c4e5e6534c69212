// Turns policy results into short, phone-sized Chinese replies: the result first, a short trace, then 依据.
import type {
  Citation,
  ContactsResult,
  ConversionPart,
  ConversionResult,
  DeadlinesResult,
  EligibilityResult,
  PlatformsResult,
  ProgressResult,
  ProvisionsResult,
  RequirementResult,
} from '../policy/types';
import { formatHours, KIND_NAMES, ROUTE_NAMES, SUBJECT_NAMES, TITLE_LEVEL_NAMES } from '../policy/words';

const MAX_TRACE = 4;

export function basis(citations: Citation[], max = 3): string {
  if (citations.length === 0) return '';
  // one document named once, with its clauses after it
  const byDoc = new Map<string, string[]>();
  for (const c of citations) {
    const sections = byDoc.get(c.doc) ?? [];
    if (!sections.includes(c.section)) sections.push(c.section);
    byDoc.set(c.doc, sections);
  }
  let shown = 0;
  const parts: string[] = [];
  for (const [doc, sections] of byDoc) {
    if (shown >= max) break;
    const take = sections.slice(0, max - shown);
    shown += take.length;
    parts.push(`${doc} ${take.join('、')}`);
  }
  const total = [...byDoc.values()].reduce((n, s) => n + s.length, 0);
  return `依据：${parts.join('；')}${total > shown ? ' 等' : ''}`;
}

function traceBlock(trace: string[]): string {
  if (trace.length === 0) return '';
  const lines = trace.slice(0, MAX_TRACE).map((t) => `· ${t}`);
  return `计算过程：\n${lines.join('\n')}`;
}

export function join(...blocks: Array<string | undefined | false>): string {
  return blocks.filter((b): b is string => !!b && b.trim().length > 0).join('\n');
}

function partText(p: ConversionPart): string {
  if (p.hours === null) return p.statement ?? '按规定认定';
  return `${formatHours(p.hours)}（${SUBJECT_NAMES[p.subject] ?? p.subject}）${p.capped ? '，已按上限计' : ''}`;
}

export function renderConversion(r: ConversionResult, regionName: string): string {
  const ok = r.items.filter((it) => it.status === 'ok');
  const lines: string[] = [];
  const head = `${regionName}${r.year}年`;
  if (ok.length === 1 && r.items.length === 1) {
    const it = ok[0]!;
    if (it.alternatives?.length) {
      lines.push(
        `${head}${it.label}：可选择抵扣${it.alternatives.map((p) => `${SUBJECT_NAMES[p.subject]}${formatHours(p.hours)}`).join('，或')}（二选一，不可重复抵扣）。`,
      );
    } else if (it.parts.length > 1) {
      const label = new Set(it.parts.map((p) => p.label)).size > 1 ? (KIND_NAMES[it.kind] ?? it.label) : it.label;
      lines.push(
        `${head}${label}：${it.parts.map((p) => `${SUBJECT_NAMES[p.subject]}${p.hours === null ? p.statement : formatHours(p.hours)}`).join('，')}。`,
      );
    } else {
      lines.push(`${head}${it.label}：可认定${partText(it.parts[0]!)}。`);
    }
  } else {
    lines.push(`${head}各项折算：`);
    for (const it of r.items) {
      const name = it.label ?? KIND_NAMES[it.kind] ?? it.kind;
      if (it.status !== 'ok') {
        lines.push(`· ${name}：${it.message ?? '暂无法折算'}`);
        continue;
      }
      if (it.alternatives?.length) {
        lines.push(
          `· ${name}：${it.alternatives.map((p) => `${SUBJECT_NAMES[p.subject]}${formatHours(p.hours)}`).join('或')}（二选一）`,
        );
        continue;
      }
      const counted = r.aggregation === 'highest' && r.chosen !== undefined && it.counted === 0 ? '（不累计）' : '';
      lines.push(`· ${name}：${it.parts.map(partText).join('，')}${counted}`);
    }
    if (r.total !== null) {
      const used = (['public', 'professional', 'either'] as const).filter((s) => r.bySubject[s] > 0);
      // one subject: name it; several: the hours of each
      const subj =
        used.length === 1
          ? SUBJECT_NAMES[used[0]!]
          : used.map((s) => `${SUBJECT_NAMES[s]}${formatHours(r.bySubject[s])}`).join('，');
      lines.push(
        r.aggregation === 'highest' && r.chosen !== undefined
          ? `按就高原则，当年认定${formatHours(r.total)}${subj ? `（${subj}）` : ''}。`
          : `合计可认定${formatHours(r.total)}${subj ? `（${subj}）` : ''}。`,
      );
    }
  }
  const conditions = [
    ...new Set(ok.flatMap((it) => [...it.parts, ...(it.alternatives ?? [])].flatMap((p) => p.conditions))),
  ];
  return join(
    lines.join('\n'),
    traceBlock(r.trace),
    conditions.length ? `注意：${conditions.slice(0, 2).join('；')}` : '',
    basis(r.citations),
  );
}

export function renderRequirement(
  r: RequirementResult,
  regionName: string,
  subject?: 'public' | 'professional',
): string {
  const parts: string[] = [];
  if (subject === 'public' && r.public !== undefined) parts.push(`公需科目不少于${formatHours(r.public)}`);
  else if (subject === 'professional' && r.professional !== undefined)
    parts.push(`专业科目不少于${formatHours(r.professional)}`);
  else {
    if (r.total !== undefined) parts.push(`总计不少于${formatHours(r.total)}`);
    if (r.public !== undefined) parts.push(`公需科目不少于${formatHours(r.public)}`);
    if (r.professional !== undefined) parts.push(`专业科目不少于${formatHours(r.professional)}`);
  }
  const extra: string[] = [];
  if (subject === 'public' && r.public === undefined) extra.push('通知未单独规定公需科目学时下限');
  if (r.minutesPerHour) extra.push(`每学时不低于${r.minutesPerHour}分钟`);
  if (r.carryOver === false) extra.push('当年学时不结转、不顺延');
  if (r.ongoing) extra.push(`该标准自通知年度起执行，${r.year}年沿用`);
  return join(
    `${regionName}${r.year}年继续教育：${parts.join('，')}。`,
    extra.length ? `${extra.join('；')}。` : '',
    basis(r.citations),
  );
}

export function renderProgress(r: ProgressResult, regionName: string): string {
  const req = r.required ?? {};
  const lines: string[] = [];
  const reqParts = [
    req.public !== undefined ? `公需${formatHours(req.public)}` : '',
    req.professional !== undefined ? `专业${formatHours(req.professional)}` : '',
    req.total !== undefined && req.public === undefined ? `合计${formatHours(req.total)}` : '',
  ].filter(Boolean);
  lines.push(
    `${regionName}${r.year}年${r.prorated ? `按在岗${r.prorated.monthsOnDuty}个月折算，` : ''}需完成${reqParts.join('、')}。`,
  );
  const rem = r.remaining ?? {};
  const hasDone = Object.values(r.done).some((v) => v !== undefined);
  if (hasDone) {
    const remParts = [
      rem.public !== undefined ? `公需还差${formatHours(rem.public)}` : '',
      rem.professional !== undefined ? `专业还差${formatHours(rem.professional)}` : '',
      rem.total !== undefined && (rem.public === undefined || req.public === undefined)
        ? `合计还差${formatHours(rem.total)}`
        : '',
    ].filter(Boolean);
    const allDone = Object.values(rem).every((v) => v === 0);
    lines.push(allDone ? '您已完成当年要求，不用再补。' : `您${remParts.join('，')}。`);
  }
  if (r.nextDeadline) {
    const d = r.nextDeadline;
    lines.push(
      `最近的截止：${d.label}（${formatDate(d.date)}${d.time ? formatTime(d.time) : ''}，还有${d.daysLeft}天）。`,
    );
  }
  return join(lines.join('\n'), traceBlock(r.trace.slice(1)), basis(r.citations));
}

/** "18:00" → "18时", "18:30" → "18时30分" */
export function formatTime(hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number);
  return `${h}时${m ? `${m}分` : ''}`;
}

export function formatDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export function renderDeadlines(r: DeadlinesResult, regionName: string): string {
  const lines = r.deadlines.map((d) => {
    const when = d.start
      ? `${formatDate(d.start)}至${formatDate(d.date)}`
      : `${formatDate(d.date)}${d.time ? formatTime(d.time) : ''}`;
    return `· ${d.label}：${when}${d.daysLeft >= 0 ? `（还有${d.daysLeft}天）` : '（已过）'}`;
  });
  return join(`${regionName}${r.year}年度时间安排：`, lines.join('\n'), basis(r.citations));
}

export function renderContacts(r: ContactsResult): string {
  const lines = r.contacts
    .slice(0, 6)
    .map((c) => `· ${c.org}${c.dept ? ` ${c.dept}` : ''}${c.scope ? `（${c.scope}）` : ''}：${c.phones.join('、')}`);
  return join('咨询电话：', lines.join('\n'), basis(r.citations, 2));
}

export function renderPlatforms(r: PlatformsResult): string {
  const lines = r.platforms.map((p) => `· ${p.name}${p.url ? ` ${p.url}` : ''}：${p.use}`);
  return join('学习和申报平台：', lines.join('\n'), basis(r.citations, 2));
}

export function renderProvisions(r: ProvisionsResult, regionName: string): string {
  const lines = r.hits.map((h) => h.summary);
  return join(
    `${regionName ? `${regionName}：` : ''}${lines[0] ?? ''}`,
    lines.slice(1).join('\n'),
    basis(r.citations, 2),
  );
}

export function renderEligibility(r: EligibilityResult, regionName: string): string {
  const lines: string[] = [];
  const who =
    r.route === 'doctor'
      ? ROUTE_NAMES.doctor
      : `${ROUTE_NAMES[r.route ?? 'review']}${r.level ? TITLE_LEVEL_NAMES[r.level] : ''}职称`;
  if (r.exemption) {
    lines.push(`${regionName}${who}：${r.exemption}`);
    return join(lines.join('\n'), basis(r.citations));
  }
  lines.push(`${regionName}${r.rule ?? who}。`);
  for (const n of r.notes ?? []) lines.push(`另外：${n}`);
  if (r.years.length) {
    const verdict = r.qualifies === true ? '符合要求' : r.qualifies === false ? '暂不符合要求' : '暂无法确定';
    lines.push(`按您提供的学时：${verdict}。`);
    for (const y of r.years) lines.push(`· ${y.year}年：${y.reason}`);
    const last = r.trace[r.trace.length - 1];
    if (last && !lines.includes(last)) lines.push(last);
  } else {
    lines.push('告诉我各年度的公需、专业学时（如“23年公需45专业90”），我帮您逐年核对。');
  }
  return join(lines.join('\n'), basis(r.citations));
}
