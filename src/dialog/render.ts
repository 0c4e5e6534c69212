// Turns policy results into short, phone-sized Chinese replies: the result first, a short trace, then 依据.
import type {
  AnswerCase,
  Citation,
  ContactsResult,
  ConversionPart,
  ConversionResult,
  DeadlinesResult,
  EligibilityResult,
  KindResult,
  PlatformsResult,
  ProgressResult,
  ProvisionsResult,
  ReadingNote,
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
  if (p.hours === null) {
    if (p.max !== undefined)
      return `最多${formatHours(p.max)}（${SUBJECT_NAMES[p.subject] ?? p.subject}，以认定的学时为准）`;
    return p.statement ?? '按规定认定';
  }
  return `${formatHours(p.hours)}（${SUBJECT_NAMES[p.subject] ?? p.subject}）${p.capped ? '，已按上限计' : ''}`;
}

function partsFigure(parts: ConversionPart[]): string {
  return parts
    .map(
      (p) =>
        `${SUBJECT_NAMES[p.subject]}${p.hours === null ? (p.max !== undefined ? `最多${formatHours(p.max)}` : p.statement) : formatHours(p.hours)}`,
    )
    .join('，');
}

/** Doubtful readings, each with its alternative, one line each. */
export function renderReadings(readings: ReadingNote[], max = 2): string {
  return readings
    .slice(0, max)
    .map((r) => `存疑：${r.applied}另一种理解：${r.alternative}`)
    .join('\n');
}

function caseFigure(c: AnswerCase): string {
  if (c.required) {
    const req = c.required;
    const parts = [
      req.public !== undefined ? `公需${formatHours(req.public)}` : '',
      req.professional !== undefined ? `专业${formatHours(req.professional)}` : '',
      req.total !== undefined && (req.public === undefined || req.professional === undefined)
        ? `合计${formatHours(req.total)}`
        : '',
    ].filter(Boolean);
    return `${c.none ? `${c.statement ?? ''}` : `${c.statement ? `${c.statement}，` : ''}需完成`}${c.none ? `（${parts.join('、')}）` : parts.join('、')}`;
  }
  if (c.none) return c.statement ?? '不折算';
  if (c.hours !== null) return formatHours(c.hours);
  // a ceiling says where it comes from ("最多16学时（每天不超过8学时）")
  if (c.max !== undefined) return c.statement?.startsWith('最多') ? c.statement : `最多${formatHours(c.max)}`;
  return c.statement ?? '按规定认定';
}

/** Per-case lines: "· 省级及以上有关主管部门举办的：18学时" / "· 其他级别：不折算"; with several items, the year's
 * total in that case. */
export function renderCases(cases: AnswerCase[], highest = false): string {
  return cases
    .map((c) => {
      const total =
        c.total !== undefined && c.total !== null
          ? `（${highest ? '按就高原则，当年认定' : '合计'}${formatHours(c.total)}）`
          : '';
      return `· ${c.label}：${caseFigure(c)}${total}`;
    })
    .join('\n');
}

/** A conversion missing a condition, answered per case (the question is asked after it). */
export function renderConversionCases(r: ConversionResult, regionName: string): string {
  const item = r.items.find((it) => it.cases?.length && it.status !== 'ok');
  if (!item?.cases?.length) return '';
  const name = item.label ?? KIND_NAMES[item.kind] ?? item.kind;
  const kindName = KIND_NAMES[item.kind] ?? name;
  const head =
    item.status === 'no_rule' ? `可折算的情形（${kindName}）：` : `${regionName}${r.year}年${kindName}，按情况不同：`;
  return join(head, renderCases(item.cases, r.aggregation === 'highest'), renderReadings(r.readings, 1));
}

export function renderConversion(r: ConversionResult, regionName: string): string {
  const ok = r.items.filter((it) => it.status === 'ok');
  const lines: string[] = [];
  const head = `${regionName}${r.year}年`;
  if (ok.length === 1 && r.items.length === 1) {
    const it = ok[0]!;
    if (it.otherSubject) lines.push(`${head}${it.label}${it.otherSubject}。`);
    if (it.alternatives?.length) {
      lines.push(
        `${head}${it.label}：可选择抵扣${it.alternatives.map((p) => `${SUBJECT_NAMES[p.subject]}${formatHours(p.hours)}`).join('，或')}（二选一，不可重复抵扣）。`,
      );
    } else if (it.parts.length > 1) {
      const label = new Set(it.parts.map((p) => p.label)).size > 1 ? (KIND_NAMES[it.kind] ?? it.label) : it.label;
      // "视同完成2025年全部学时（90学时）" split by subject: the statement first, then its parts
      const st = it.parts[0]!.statement;
      const same = !!st && it.parts.every((p) => p.statement === st);
      lines.push(`${head}${label}：${same ? `可${st}：` : ''}${partsFigure(it.parts)}。`);
    } else {
      const text = partText(it.parts[0]!);
      // "可视同完成…" is a statement of its own, not a figure to be 认定
      lines.push(`${head}${it.label}：${text.startsWith('可') ? '' : '可认定'}${text}。`);
    }
    if (it.countTold) lines.push(`每个年度认定仅能选择一项：您说的${it.countTold}项只认定1项，不累计。`);
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
      const one = it.countTold ? `（每年仅认定一项，${it.countTold}项只算1项）` : '';
      lines.push(`· ${name}：${it.parts.map(partText).join('，')}${one}${counted}`);
    }
    if (r.total === null && r.max !== undefined) lines.push(`合计最多${formatHours(r.max)}（以认定的学时为准）。`);
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
    renderReadings(r.readings),
    basis(r.citations),
  );
}

export function renderRequirement(
  r: RequirementResult,
  regionName: string,
  subject?: 'public' | 'professional',
): string {
  // the subject asked first, then the rest of the year's figures
  const pub = r.public !== undefined ? `公需科目不少于${formatHours(r.public)}` : '';
  const pro = r.professional !== undefined ? `专业科目不少于${formatHours(r.professional)}` : '';
  const tot = r.total !== undefined ? `总计不少于${formatHours(r.total)}` : '';
  const order = subject === 'public' ? [pub, tot, pro] : subject === 'professional' ? [pro, tot, pub] : [tot, pub, pro];
  const parts = order.filter(Boolean);
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
    const left = (name: string, n: number | undefined) =>
      n === undefined ? '' : n > 0 ? `${name}还差${formatHours(n)}` : `${name}已达到`;
    // a total left is said where the notice sets only a total, or only a total was told
    const totalOnly = req.public === undefined || (r.done.public === undefined && r.done.professional === undefined);
    const remParts = [
      left('公需', rem.public),
      left('专业', rem.professional),
      totalOnly ? left('合计', rem.total) : '',
    ].filter(Boolean);
    if (r.complete === true) {
      lines.push(
        r.prorated
          ? `按在岗时间折算后，您已达到要求${r.prorated.conditions.length ? `，但须按通知办理：${r.prorated.conditions.join('；')}` : ''}。`
          : '您已完成当年要求，不用再补。',
      );
    } else {
      const missing = [
        req.public !== undefined && r.done.public === undefined ? `公需（需${formatHours(req.public)}）` : '',
        req.professional !== undefined && r.done.professional === undefined
          ? `专业（需${formatHours(req.professional)}）`
          : '',
      ].filter(Boolean);
      if (remParts.length) lines.push(`您${remParts.join('，')}。`);
      for (const n of r.notes ?? []) lines.push(n);
      if (missing.length)
        lines.push(`还没告诉我${missing.join('、')}完成了多少${r.complete === null ? '，暂不能说已完成' : ''}。`);
    }
  }
  if (r.nextDeadline) {
    const d = r.nextDeadline;
    lines.push(
      `最近的截止：${d.label}（${formatDate(d.date)}${d.time ? formatTime(d.time) : ''}，还有${d.daysLeft}天）。`,
    );
  }
  return join(lines.join('\n'), traceBlock(r.trace.slice(1)), renderReadings(r.readings), basis(r.citations));
}

/** Pro-rating missing a condition (因公派出, 因受伤患重病…), answered per case. */
export function renderProgressCases(r: ProgressResult, regionName: string): string {
  if (!r.cases?.length) return '';
  return join(`${regionName}${r.year}年，按情况不同：`, renderCases(r.cases));
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
  const shown = r.contacts.slice(0, 6);
  const lines = shown.map(
    (c) =>
      `· ${c.org}${c.dept ? ` ${c.dept}` : ''}${c.scope ? `（${c.scope}）` : ''}：${c.phones.map((p) => (c.areaCodeAdded.includes(p) ? `${p}*` : p)).join('、')}`,
  );
  const added = shown.some((c) => c.areaCodeAdded.length > 0);
  const years = [...new Set(shown.map((c) => c.year))];
  const head = r.outside
    ? `暂未收录${r.outside.place}的咨询电话（收录的市级通知只有${r.outside.noticePlaces.join('、')}），${r.outside.place}请咨询当地人社部门${shown.length ? '。全省的电话：' : '。'}`
    : `咨询电话${years.length === 1 ? `（${years[0]}年通知）` : ''}：`;
  return join(
    head,
    lines.join('\n'),
    added ? '带*的号码通知原文未写区号，区号按所在地补充。' : '',
    basis(r.citations, 2),
  );
}

/** An activity's rules in words (no slot needed): figure per unit, subject, caps, conditions. */
export function renderKind(r: KindResult, regionName: string): string {
  const name = KIND_NAMES[r.activity] ?? r.activity;
  const same = <T>(f: (x: KindResult['rules'][number]) => T) => new Set(r.rules.map(f)).size === 1;
  const oneSubject = same((x) => x.subjectText);
  const capsOf = (x: KindResult['rules'][number]) => x.caps.map((c) => c.label).join('；');
  const oneCap = same(capsOf);
  const lines: string[] = [];
  const done = new Set<string>();
  for (const x of r.rules) {
    if (x.alternative) {
      // a choice between subjects: one line per choice ("国家级：公需5学时或专业30学时")
      if (done.has(x.alternative)) continue;
      done.add(x.alternative);
      const group = r.rules.filter((y) => y.alternative === x.alternative);
      const figures = group.map((y) => `${SUBJECT_NAMES[y.subject] ?? ''}${y.figure.replace(/^每项/, '')}`);
      lines.push(`· ${x.when ? `${x.when}：` : ''}${figures.join('或')}（二选一，不可重复抵扣）`);
      continue;
    }
    const caps = oneCap ? '' : capsOf(x);
    lines.push(
      `· ${x.when ? `${x.when}：` : ''}${x.figure}${caps ? `，${caps}` : ''}${oneSubject ? '' : `；${x.subjectText}`}`,
    );
  }
  const first = r.rules[0];
  const cap = first && oneCap ? capsOf(first) : '';
  const subject = first && oneSubject && !first.alternative ? first.subjectText : '';
  // the figure first: the cap, or the one-item-a-year rule, when there is one for every rule
  const head = cap
    ? `${regionName}${r.year}年${name}：${cap}${subject ? `，${subject}` : ''}。`
    : r.oneItemAYear
      ? `${regionName}${r.year}年${name}：${r.oneItemAYear}。`
      : `${regionName}${r.year}年${name}的折算规定：`;
  return join(
    head,
    lines.slice(0, 8).join('\n'),
    subject && !cap ? `${subject}。` : '',
    renderReadings(r.readings),
    basis(r.citations),
  );
}

function yearRanges(years: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < years.length; ) {
    let j = i;
    while (j + 1 < years.length && years[j + 1] === years[j]! + 1) j++;
    out.push(j > i ? `${years[i]}—${years[j]}` : `${years[i]}`);
    i = j + 1;
  }
  return `${out.join('、')}年`;
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

/** `hotline`: the lines to call, given when some year's requirement is not recorded (unknownYears). */
export function renderEligibility(r: EligibilityResult, regionName: string, hotline?: string): string {
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
  if (r.unknownYears?.length) {
    lines.push(
      `${yearRanges(r.unknownYears)}的年度学时要求暂未收录，无法核对${r.years.length ? '这些年度' : ''}。${hotline ?? '请咨询当地人社部门。'}`,
    );
  }
  return join(lines.join('\n'), renderReadings(r.readings ?? []), basis(r.citations));
}
