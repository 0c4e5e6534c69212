// Hotline console: region context, free-text questions via POST /api/chat, and quick policy panels.
// Server strings are only ever set as textContent.
(() => {
  const TIMEOUT_MS = 20000;
  const KEYS = {
    user: 'jxjy.console.userId',
    region: 'jxjy.console.region',
    place: 'jxjy.console.place',
    year: 'jxjy.console.year',
  };
  const FIRST_YEAR = 2019;

  const $ = (id) => document.getElementById(id);
  const regionSel = $('region');
  const placeSel = $('place');
  const yearSel = $('year');
  const todayBox = $('today');
  const globalError = $('global-error');
  const globalErrorText = $('global-error-text');
  const askForm = $('ask-form');
  const question = $('question');
  const askBtn = $('ask');
  const askError = $('ask-error');
  const useCtx = $('use-ctx');
  const answers = $('answers');
  const answersEmpty = $('answers-empty');

  /** Loaded from /api/regions and /healthz. */
  const state = { regions: [], documents: [], currentYear: undefined, today: '' };
  /** Plain text of what each quick panel shows, for its copy button. */
  const panelText = { req: '', dl: '', ct: '', sr: '' };
  let busy = false;
  /** The last answer asked the caller something back: the next typed text is the reply, sent as typed. */
  let followUp = '';

  // ---------- small helpers ----------

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function store(key, value) {
    try {
      if (value === undefined || value === null || value === '') window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, String(value));
    } catch {
      // storage unavailable: the page still works, it just forgets
    }
  }

  function recall(key) {
    try {
      return window.localStorage.getItem(key) || '';
    } catch {
      return '';
    }
  }

  function randomId() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') return `console-${window.crypto.randomUUID()}`;
    return `console-${Math.random().toString(36).slice(2, 12)}${Math.random().toString(36).slice(2, 8)}`;
  }

  let userId = recall(KEYS.user);
  if (!/^console-\S{1,100}$/.test(userId)) {
    userId = randomId();
    store(KEYS.user, userId);
  }

  const str = (v) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
  const list = (v) => (Array.isArray(v) ? v : []);
  const citationsOf = (data) => list(data?.citations).filter((c) => c && typeof c === 'object');

  class ApiError extends Error {}

  async function errorMessage(res) {
    let serverText = '';
    try {
      const body = await res.json();
      if (body && typeof body.error === 'string') serverText = body.error;
    } catch {
      // not JSON
    }
    if (res.status === 429) return serverText || '查询太频繁了，请稍后再试。';
    if (res.status === 400 || res.status === 413 || res.status === 415) return serverText || '请求有误，请修改后再试。';
    return '服务暂时不可用，请稍后再试。';
  }

  /** GET/POST a JSON endpoint; throws ApiError with a message fit for the screen. */
  async function api(path, body) {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), TIMEOUT_MS);
    try {
      let res;
      try {
        res = await fetch(path, {
          method: body ? 'POST' : 'GET',
          headers: body ? { 'content-type': 'application/json' } : undefined,
          body: body ? JSON.stringify(body) : undefined,
          signal: ctrl.signal,
        });
      } catch {
        throw new ApiError(ctrl.signal.aborted ? '服务器响应超时，请稍后再试。' : '网络连接失败，请检查网络后重试。');
      }
      if (!res.ok) throw new ApiError(await errorMessage(res));
      try {
        return await res.json();
      } catch {
        throw new ApiError('服务返回的内容无法识别，请稍后再试。');
      }
    } finally {
      clearTimeout(timer);
    }
  }

  function query(path, params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
    return `${path}?${q.toString()}`;
  }

  const messageOf = (err) => (err instanceof ApiError ? err.message : '页面出错了，请刷新后再试。');

  function showError(box, text) {
    box.textContent = text;
    box.hidden = false;
  }

  function hideError(box) {
    box.textContent = '';
    box.hidden = true;
  }

  // ---------- quotes, citations, copying ----------

  /** Bold spans in the stored notice text are marked with **…**. */
  function quoteParts(quote) {
    const parts = str(quote).split('**');
    return parts.length % 2 === 1 ? parts : [str(quote)];
  }

  const plainQuote = (quote) => quoteParts(quote).join('');

  function quoteNode(quote, tag = 'blockquote') {
    const node = el(tag, 'quote');
    quoteParts(quote).forEach((part, i) => {
      if (!part) return;
      node.appendChild(i % 2 === 1 ? el('strong', '', part) : document.createTextNode(part));
    });
    return node;
  }

  function citationList(citations) {
    const ol = el('ol', 'cites');
    for (const c of citations) {
      const li = el('li', 'cite');
      const head = el('div', 'cite-head');
      const doc = el('span', 'cite-doc', str(c.doc));
      const known = state.documents.find((d) => d && d.number === c.doc);
      if (known) doc.title = `${str(known.title)}${known.date ? `（${str(known.date)}）` : ''}`;
      head.appendChild(doc);
      if (c.section) head.appendChild(el('span', 'cite-section', str(c.section)));
      li.appendChild(head);
      if (c.quote) li.appendChild(quoteNode(c.quote));
      ol.appendChild(li);
    }
    return ol;
  }

  /** The 依据 block: open unless told otherwise (the clause is read aloud on the phone). */
  function basisBlock(citations, open = true) {
    const box = el('details', 'basis');
    box.open = open;
    box.appendChild(el('summary', '', `依据（${citations.length}条，文件原文）`));
    box.appendChild(citationList(citations));
    return box;
  }

  function basisText(citations) {
    if (citations.length === 0) return '';
    const lines = citations.map(
      (c, i) =>
        `${i + 1}. ${[str(c.doc), str(c.section)].filter(Boolean).join(' ')}${c.quote ? `：“${plainQuote(c.quote)}”` : ''}`,
    );
    return `依据：\n${lines.join('\n')}`;
  }

  async function copyText(text) {
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        return true;
      }
    } catch {
      // fall back below
    }
    const ta = el('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.style.position = 'fixed';
    ta.style.top = '-1000px';
    document.body.appendChild(ta);
    ta.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    ta.remove();
    return ok;
  }

  async function copyWithFeedback(button, text) {
    if (!text) return;
    const label = button.dataset.label || button.textContent;
    button.dataset.label = label;
    const ok = await copyText(text);
    button.textContent = ok ? '已复制' : '复制失败，请手动选择文字';
    button.classList.toggle('done', ok);
    setTimeout(() => {
      button.textContent = label;
      button.classList.remove('done');
    }, 1600);
  }

  // ---------- region / place / year context ----------

  const currentRegion = () => state.regions.find((r) => r.id === regionSel.value);

  function currentPlace() {
    const r = currentRegion();
    return r ? list(r.places).find((p) => p.id === placeSel.value) : undefined;
  }

  function selectedYear() {
    const y = Number(yearSel.value);
    return Number.isInteger(y) && y > 0 ? y : undefined;
  }

  function contextLabel() {
    const r = currentRegion();
    if (!r) return '';
    const p = currentPlace();
    const y = selectedYear();
    return `${str(r.name)}${p ? ` · ${str(p.name)}` : ''}${y ? ` · ${y}年` : ''}`;
  }

  function fillRegions() {
    regionSel.replaceChildren();
    for (const r of state.regions) {
      const opt = el('option', '', str(r.name));
      opt.value = str(r.id);
      regionSel.appendChild(opt);
    }
    const saved = recall(KEYS.region);
    if (state.regions.some((r) => r.id === saved)) regionSel.value = saved;
  }

  function fillPlaces() {
    const r = currentRegion();
    placeSel.replaceChildren();
    const all = el('option', '', '（全地区）');
    all.value = '';
    placeSel.appendChild(all);
    for (const p of r ? list(r.places) : []) {
      const opt = el('option', '', str(p.name));
      opt.value = str(p.id);
      placeSel.appendChild(opt);
    }
    const saved = recall(KEYS.place);
    placeSel.value = r && list(r.places).some((p) => p.id === saved) ? saved : '';
  }

  function fillYears() {
    const r = currentRegion();
    const recorded = new Set(list(r?.years).map(Number));
    const allYears = state.regions.flatMap((x) => list(x.years).map(Number)).filter(Number.isInteger);
    const last = Math.max(state.currentYear || 0, ...allYears, FIRST_YEAR) + 1;
    const first = Math.min(FIRST_YEAR, ...allYears);
    const keep = yearSel.value || recall(KEYS.year);
    yearSel.replaceChildren();
    for (let y = last; y >= first; y--) {
      const tags = [];
      if (y === state.currentYear) tags.push('今年');
      if (recorded.has(y)) tags.push('有通知');
      const opt = el('option', '', `${y}年${tags.length ? `（${tags.join('，')}）` : ''}`);
      opt.value = String(y);
      yearSel.appendChild(opt);
    }
    const fallback = state.currentYear || Math.max(...recorded, first);
    yearSel.value = keep && Number(keep) >= first && Number(keep) <= last ? keep : String(fallback);
  }

  function contextChanged() {
    store(KEYS.region, regionSel.value);
    store(KEYS.place, placeSel.value);
    store(KEYS.year, yearSel.value);
    for (const node of document.querySelectorAll('[data-ctx]')) node.textContent = contextLabel();
    loadRequirement();
    loadDeadlines();
    loadContacts();
    if ($('sr-text').value.trim()) loadSearch();
  }

  /** Short names a caller might say for any covered region or place (青海, 西宁, 济宁, 六安…). */
  function knownNames() {
    const names = new Set();
    const add = (name) => {
      for (const part of str(name).split(/(?<=省)/)) {
        if (part.length >= 2) names.add(part);
        const short = part.replace(/(省|市|州|区|县)$/, '');
        if (short.length >= 2) names.add(short);
      }
    };
    for (const r of state.regions) {
      add(r.name);
      for (const p of list(r.places)) add(p.name);
    }
    return [...names];
  }

  /** The question as sent: the chosen region (and a non-default year) is put in front when the caller did not say one. */
  function withContext(text) {
    const r = currentRegion();
    if (!useCtx.checked || !r) return text;
    const p = currentPlace();
    const y = selectedYear();
    const saysPlace = knownNames().some((n) => text.includes(n));
    const saysYear = /(19|20)\d{2}\s*年|今年|去年|明年|前年|本年/.test(text);
    let prefix = '';
    if (!saysPlace) prefix += `${str(r.name)}${p ? str(p.name) : ''}`;
    if (!saysYear && y && state.currentYear && y !== state.currentYear) prefix += `${y}年`;
    return prefix ? `${prefix}：${text}` : text;
  }

  // ---------- free-text questions ----------

  function setBusy(value) {
    busy = value;
    askBtn.disabled = value;
    askBtn.textContent = value ? '查询中…' : '查询';
    for (const b of answers.querySelectorAll('.option')) b.disabled = value;
  }

  function answerCard(asked, sent, data) {
    const card = el('article', 'panel answer');
    const head = el('div', 'answer-head');
    const q = el('div', 'asked');
    q.appendChild(el('span', 'label', '问'));
    q.appendChild(el('span', 'asked-text', asked));
    head.appendChild(q);
    const copy = el('button', 'btn small copy', '复制答复和依据');
    copy.type = 'button';
    head.appendChild(copy);
    card.appendChild(head);
    if (sent !== asked) card.appendChild(el('div', 'sent', `实际查询：${sent}`));

    const reply = str(data.reply);
    card.appendChild(el('div', 'reply', reply));

    const awaiting = data.awaiting && typeof data.awaiting === 'object' ? data.awaiting : undefined;
    const options = list(awaiting?.options).filter((o) => typeof o === 'string' && /[\u4e00-\u9fff]/.test(o));
    if (options.length > 0) {
      const box = el('div', 'options');
      box.appendChild(el('span', 'hint', '按来电人的回答点选：'));
      for (const o of options.slice(0, 10)) {
        const b = el('button', 'btn small option', o);
        b.type = 'button';
        b.addEventListener('click', () => ask(o, { raw: true }));
        box.appendChild(b);
      }
      card.appendChild(box);
    } else if (awaiting) {
      card.appendChild(el('div', 'hint', '需要追问来电人：把回答直接输入上方问题框即可。'));
    }

    const trace = list(data.result?.trace).filter((t) => typeof t === 'string' && t);
    if (trace.length > 0) {
      const steps = el('details', 'trace');
      steps.open = true;
      steps.appendChild(el('summary', '', '计算过程'));
      const ol = el('ol');
      for (const t of trace) ol.appendChild(el('li', '', t));
      steps.appendChild(ol);
      card.appendChild(steps);
    }

    const citations = citationsOf(data);
    if (citations.length > 0) card.appendChild(basisBlock(citations));
    else if (!awaiting) card.appendChild(el('div', 'hint no-basis', '此答复没有附文件依据。'));

    const text = [`问：${asked}`, `答：${reply}`, basisText(citations)].filter(Boolean).join('\n');
    copy.addEventListener('click', () => copyWithFeedback(copy, text));
    return card;
  }

  async function ask(text, opts = {}) {
    const asked = str(text).trim();
    if (busy) return;
    if (!asked) {
      showError(askError, '请先输入来电人的问题。');
      question.focus();
      return;
    }
    hideError(askError);
    const sent = opts.raw || followUp ? asked : withContext(asked);
    setBusy(true);
    try {
      const data = await api('api/chat', { userId, text: sent });
      answersEmpty.hidden = true;
      answers.prepend(answerCard(asked, sent, data || {}));
      setFollowUp(
        data?.awaiting && typeof data.awaiting === 'object' ? str(data.awaiting.question) || str(data.reply) : '',
      );
      if (!opts.raw && question.value.trim() === asked) question.value = '';
      answers.scrollTop = 0;
    } catch (err) {
      showError(askError, messageOf(err));
      // the typed text is kept; an option answer is put in the box so it can be resent
      if (!question.value.trim()) question.value = asked;
    } finally {
      setBusy(false);
    }
  }

  function setFollowUp(text) {
    followUp = text;
    $('follow-up-text').textContent = text;
    $('follow-up').hidden = !text;
  }

  askForm.addEventListener('submit', (e) => {
    e.preventDefault();
    ask(question.value);
  });
  question.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      ask(question.value);
    }
  });
  question.addEventListener('input', () => {
    if (!askError.hidden && question.value.trim()) hideError(askError);
  });

  $('new-call').addEventListener('click', () => {
    userId = randomId();
    store(KEYS.user, userId);
    for (const card of answers.querySelectorAll('.answer')) card.remove();
    answersEmpty.hidden = false;
    setFollowUp('');
    question.value = '';
    hideError(askError);
    question.focus();
  });

  // ---------- quick panels ----------

  function panel(id) {
    const root = $(id);
    return { root, body: root.querySelector('.panel-body'), error: root.querySelector('.panel-error') };
  }

  const seq = { req: 0, dl: 0, ct: 0, sr: 0 };

  /** Loads one panel; answers that arrive after a newer request are dropped. */
  async function loadPanel(key, id, path, render) {
    const p = panel(id);
    const n = ++seq[key];
    p.root.classList.add('loading');
    try {
      const data = await api(path);
      if (n !== seq[key]) return;
      hideError(p.error);
      p.body.replaceChildren();
      panelText[key] = render(p.body, data || {}) || '';
    } catch (err) {
      if (n !== seq[key]) return;
      showError(p.error, messageOf(err));
    } finally {
      if (n === seq[key]) p.root.classList.remove('loading');
    }
  }

  function traceLines(data) {
    return list(data.trace).filter((t) => typeof t === 'string' && t);
  }

  /** The plain statement for a result without figures (not_recorded, not_covered…). */
  function notRecorded(body, data, what) {
    const box = el('div', 'not-recorded');
    box.appendChild(el('div', 'nr-title', '暂未收录'));
    const lines = traceLines(data);
    const detail = lines.length ? lines.join('\n') : `${contextLabel()}的${what}暂未收录。`;
    box.appendChild(el('div', 'nr-detail', detail));
    const years = list(data.recordedYears).map(Number).filter(Number.isInteger);
    if (years.length) box.appendChild(el('div', 'nr-detail', `已收录的通知年度：${years.join('、')}年`));
    box.appendChild(el('div', 'hint', '不要估计数字；请按「咨询电话」转告主管部门电话。'));
    body.appendChild(box);
    return `${contextLabel()} ${what}：暂未收录\n${detail}`;
  }

  function loadRequirement() {
    const r = currentRegion();
    if (!r) return;
    loadPanel(
      'req',
      'req-panel',
      query('api/policy/requirement', { region: r.id, year: selectedYear() }),
      (body, d) => {
        if (d.status !== 'ok') return notRecorded(body, d, '学时要求');
        const figs = el('div', 'figures');
        const fig = (label, value, cls) => {
          if (typeof value !== 'number') return;
          const box = el('div', `figure ${cls}`);
          box.appendChild(el('div', 'fig-label', label));
          const v = el('div', 'fig-value');
          v.appendChild(el('span', 'num', String(value)));
          v.appendChild(el('span', 'unit', '学时'));
          box.appendChild(v);
          figs.appendChild(box);
        };
        fig('每年总计不少于', d.total, 'total');
        fig('公需科目不少于', d.public, 'public');
        fig('专业科目不少于', d.professional, 'professional');
        body.appendChild(figs);
        const notes = [];
        if (typeof d.minutesPerHour === 'number') notes.push(`每学时不低于${d.minutesPerHour}分钟`);
        if (d.carryOver === false) notes.push('当年学时不结转、不顺延');
        if (d.ongoing) notes.push(`${d.year}年未见新通知，按最近一次通知的规定延续`);
        if (notes.length) body.appendChild(el('div', 'notes', notes.join('；')));
        const lines = traceLines(d);
        if (lines.length) {
          const ul = el('ul', 'trace-lines');
          for (const t of lines) ul.appendChild(el('li', '', t));
          body.appendChild(ul);
        }
        const cites = citationsOf(d);
        if (cites.length) body.appendChild(basisBlock(cites));
        return [`${contextLabel()} 年度学时要求`, ...lines, ...notes, basisText(cites)].filter(Boolean).join('\n');
      },
    );
  }

  function daysText(n) {
    if (typeof n !== 'number') return '';
    if (n > 0) return `还剩${n}天`;
    if (n === 0) return '今天截止';
    return `已过${-n}天`;
  }

  function loadDeadlines() {
    const r = currentRegion();
    if (!r) return;
    loadPanel('dl', 'dl-panel', query('api/policy/deadlines', { region: r.id, year: selectedYear() }), (body, d) => {
      const items = list(d.deadlines).filter((x) => x && typeof x === 'object');
      if (d.status !== 'ok' || items.length === 0) return notRecorded(body, d, '时间安排');
      const nextId = d.next?.id;
      const ul = el('ul', 'deadlines');
      const lines = [];
      for (const x of items) {
        const n = typeof x.daysLeft === 'number' ? x.daysLeft : undefined;
        const li = el('li', `deadline${n !== undefined && n < 0 ? ' past' : ''}${x.id === nextId ? ' next' : ''}`);
        const when = `${str(x.start) ? `${str(x.start)} 至 ` : ''}${str(x.date)}${x.time ? ` ${str(x.time)}` : ''}`;
        const top = el('div', 'dl-top');
        top.appendChild(el('span', 'dl-date', when));
        if (n !== undefined) top.appendChild(el('span', 'days', daysText(n)));
        if (x.id === nextId) top.appendChild(el('span', 'tag', '最近'));
        li.appendChild(top);
        li.appendChild(el('div', 'dl-label', str(x.label)));
        if (x.who) li.appendChild(el('div', 'dl-who', `对象：${str(x.who)}`));
        ul.appendChild(li);
        lines.push(`${when} ${str(x.label)}${n !== undefined ? `（${daysText(n)}）` : ''}`);
      }
      body.appendChild(ul);
      if (state.today) body.appendChild(el('div', 'hint', `天数按 ${state.today} 计算`));
      const cites = citationsOf(d);
      if (cites.length) body.appendChild(basisBlock(cites, false));
      return [`${contextLabel()} 截止时间`, ...lines, basisText(cites)].filter(Boolean).join('\n');
    });
  }

  function loadContacts() {
    const r = currentRegion();
    if (!r) return;
    const text = $('ct-text').value.trim();
    const path = query('api/policy/contacts', { region: r.id, place: placeSel.value, text });
    loadPanel('ct', 'ct-panel', path, (body, d) => {
      const items = list(d.contacts).filter((x) => x && typeof x === 'object');
      if (d.status !== 'ok' || items.length === 0) return notRecorded(body, d, '咨询电话');
      if (text && !d.named)
        body.appendChild(el('div', 'hint warn', `没有找到名称含「${text}」的机构，下面是所选地点的电话。`));
      const ul = el('ul', 'contacts');
      const lines = [];
      for (const c of items) {
        const li = el('li', 'contact');
        const name = [str(c.org), str(c.dept)].filter(Boolean).join(' ');
        const head = el('div', 'ct-head');
        head.appendChild(el('span', 'ct-org', name));
        if (c.place) head.appendChild(el('span', 'ct-place', str(c.place)));
        li.appendChild(head);
        const phones = el('div', 'phones');
        for (const ph of list(c.phones)) phones.appendChild(el('span', 'phone', str(ph)));
        li.appendChild(phones);
        if (c.scope) li.appendChild(el('div', 'ct-note', `适用：${str(c.scope)}`));
        if (c.note) li.appendChild(el('div', 'ct-note', str(c.note)));
        ul.appendChild(li);
        lines.push(`${name}：${list(c.phones).map(str).join('、')}${c.note ? `（${str(c.note)}）` : ''}`);
      }
      body.appendChild(ul);
      const cites = citationsOf(d);
      if (cites.length) body.appendChild(basisBlock(cites, false));
      return [`${contextLabel()} 咨询电话`, ...lines, basisText(cites)].filter(Boolean).join('\n');
    });
  }

  function loadSearch() {
    const r = currentRegion();
    const text = $('sr-text').value.trim();
    const p = panel('sr-panel');
    if (!text) {
      showError(p.error, '请输入要检索的关键词。');
      return;
    }
    const path = query('api/policy/search', { region: r ? r.id : '', text, year: selectedYear() });
    loadPanel('sr', 'sr-panel', path, (body, d) => {
      const hits = list(d.hits).filter((x) => x && typeof x === 'object');
      if (d.status === 'not_covered') return notRecorded(body, d, '条款');
      if (hits.length === 0) {
        body.appendChild(
          el('div', 'hint', `没有找到与「${text}」相关的条款，换个说法试试（如：岗前培训、专利、论文）。`),
        );
        return '';
      }
      const ul = el('ul', 'hits');
      const lines = [];
      for (const h of hits) {
        const li = el('li', 'hit');
        li.appendChild(el('div', 'hit-topic', str(h.topic)));
        li.appendChild(el('div', 'hit-summary', str(h.summary)));
        ul.appendChild(li);
        lines.push(`${str(h.topic)}：${str(h.summary)}`);
      }
      body.appendChild(ul);
      const cites = citationsOf(d);
      if (cites.length) body.appendChild(basisBlock(cites));
      return [`条款检索「${text}」（${contextLabel()}）`, ...lines, basisText(cites)].filter(Boolean).join('\n');
    });
  }

  $('ct-form').addEventListener('submit', (e) => {
    e.preventDefault();
    loadContacts();
  });
  $('ct-text').addEventListener('search', () => {
    if (!$('ct-text').value) loadContacts();
  });
  $('sr-form').addEventListener('submit', (e) => {
    e.preventDefault();
    loadSearch();
  });

  for (const b of document.querySelectorAll('button[data-copy]')) {
    b.addEventListener('click', () => copyWithFeedback(b, panelText[b.dataset.copy]));
  }

  regionSel.addEventListener('change', () => {
    store(KEYS.place, '');
    fillPlaces();
    fillYears();
    contextChanged();
  });
  placeSel.addEventListener('change', contextChanged);
  yearSel.addEventListener('change', contextChanged);

  // ---------- start ----------

  async function start() {
    hideError(globalError);
    globalErrorText.textContent = '';
    try {
      const health = await api('healthz').catch(() => undefined);
      if (health && /^\d{4}-\d{2}-\d{2}$/.test(str(health.today))) {
        state.today = health.today;
        state.currentYear = Number(health.today.slice(0, 4));
        todayBox.textContent = `今天 ${health.today}`;
      }
      const data = await api('api/regions');
      state.regions = list(data?.regions).filter((r) => r && typeof r.id === 'string');
      state.documents = list(data?.documents);
      if (state.regions.length === 0) throw new ApiError('没有读到已收录的地区，请稍后再试。');
      fillRegions();
      fillPlaces();
      fillYears();
      contextChanged();
      document.body.classList.add('ready');
    } catch (err) {
      globalErrorText.textContent = `地区列表加载失败：${messageOf(err)}`;
      globalError.hidden = false;
    }
  }

  $('retry').addEventListener('click', start);
  start();
})();
