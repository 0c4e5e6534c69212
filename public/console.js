// Hotline console: staff login, hand-overs by service code, questions asked for a caller, search over all
// knowledge, quick policy panels, and the list of unanswered questions. Server strings are only set as textContent.
(() => {
  const TIMEOUT_MS = 20000;
  const KEYS = {
    call: 'jxjy.console.call',
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
  const state = { regions: [], documents: [], currentYear: undefined, today: '', started: false };
  /** Plain text of what each quick panel shows, for its copy button. */
  const panelText = { req: '', dl: '', ct: '', sr: '', un: '' };
  let busy = false;
  /** The last answer asked the caller something back: the next typed text is the reply, sent as typed. */
  let followUp = '';
  /** The card of the question in progress: follow-up answers go into the same card. */
  let openCard;

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

  function newCallId() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
    return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
  }

  /** One id per caller: the assistant remembers what this caller told within the call. */
  let callId = recall(KEYS.call);
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(callId)) {
    callId = newCallId();
    store(KEYS.call, callId);
  }

  const str = (v) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
  const list = (v) => (Array.isArray(v) ? v : []);
  const citationsOf = (data) => list(data?.citations).filter((c) => c && typeof c === 'object');

  function timeText(iso) {
    const t = Date.parse(str(iso));
    if (!Number.isFinite(t)) return '';
    return new Date(t).toLocaleString('zh-CN', {
      hour12: false,
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    });
  }

  class ApiError extends Error {
    constructor(message, status) {
      super(message);
      this.status = status;
    }
  }

  async function errorMessage(res) {
    let serverText = '';
    try {
      const body = await res.json();
      if (body && typeof body.error === 'string') serverText = body.error;
    } catch {
      // not JSON
    }
    if (res.status === 401) return serverText || '请先登录坐席台';
    if (res.status === 429) return serverText || '查询太频繁了，请稍后再试。';
    if ([400, 404, 413, 415].includes(res.status)) return serverText || '请求有误，请修改后再试。';
    if (res.status === 503 && serverText) return serverText;
    return '服务暂时不可用，请稍后再试。';
  }

  /** GET/POST a JSON endpoint; throws ApiError with a message fit for the screen. A 401 brings the login back. */
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
          credentials: 'same-origin',
        });
      } catch {
        throw new ApiError(
          ctrl.signal.aborted ? '服务器响应超时，请稍后再试。' : '网络连接失败，请检查网络后重试。',
          0,
        );
      }
      if (!res.ok) {
        const message = await errorMessage(res);
        if (res.status === 401 && path.startsWith('api/console/')) showLogin('登录已失效，请重新登录。');
        throw new ApiError(message, res.status);
      }
      try {
        return await res.json();
      } catch {
        throw new ApiError('服务返回的内容无法识别，请稍后再试。', res.status);
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

  // ---------- phone numbers ----------

  const PHONE =
    /(?<![\d-])(?:(0\d{2,3})[-—－]?(\d{7,8})|(1[3-9]\d{9})|(400\d?-?\d{3}-?\d{3,4})|(\d{7,8})|(123\d{2}))(?![\d-])/g;

  /** Appends text with every phone number as a tel: link (a bare number after an area code dials with it). */
  function appendText(node, text) {
    const s = str(text);
    let last = 0;
    let area = '';
    for (const m of s.matchAll(PHONE)) {
      if (m.index > last) node.appendChild(document.createTextNode(s.slice(last, m.index)));
      let dial;
      if (m[1]) {
        area = m[1];
        dial = `${m[1]}${m[2]}`;
      } else if (m[5]) dial = `${area}${m[5]}`;
      else dial = (m[3] || m[4] || m[6]).replace(/-/g, '');
      const a = el('a', 'tel', m[0]);
      a.href = `tel:${dial}`;
      node.appendChild(a);
      last = m.index + m[0].length;
    }
    if (last < s.length) node.appendChild(document.createTextNode(s.slice(last)));
    return node;
  }

  function phoneLinks(phones) {
    const box = el('div', 'phones');
    for (const ph of list(phones)) box.appendChild(appendText(el('span', 'phone'), str(ph)));
    return box;
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

  function copyButton(label, text) {
    const b = el('button', 'btn small copy', label);
    b.type = 'button';
    b.addEventListener('click', () => copyWithFeedback(b, typeof text === 'function' ? text() : text));
    return b;
  }

  // ---------- a reply, read for the phone ----------

  /**
   * The reply as staff read it out: its first line alone, then the rest without the calculation and 依据 lines
   * (the calculation is shown once, from the result's trace; 依据 once, with the quotes).
   */
  function splitReply(text) {
    const read = [];
    const rest = [];
    const calc = [];
    let inCalc = false;
    for (const line of str(text).split('\n')) {
      if (/^计算过程[:：]/.test(line)) {
        inCalc = true;
        continue;
      }
      if (/^依据[:：]/.test(line)) {
        inCalc = false;
        continue;
      }
      if (inCalc && /^[·•]/.test(line)) {
        calc.push(line.replace(/^[·•]\s*/, ''));
        continue;
      }
      inCalc = false;
      if (read.length === 0 && line.trim()) read.push(line);
      else if (read.length > 0) rest.push(line);
    }
    while (rest.length && !rest[rest.length - 1].trim()) rest.pop();
    return { read: read[0] || '', rest: rest.join('\n'), calc };
  }

  function traceOf(data, parsed) {
    const results = Array.isArray(data.result) ? data.result : [data.result];
    const steps = results.flatMap((r) => list(r?.trace)).filter((t) => typeof t === 'string' && t);
    return steps.length ? steps : parsed.calc;
  }

  /** Text for the clipboard: the question, the reply as read out, the calculation once, 依据 with quotes. */
  function replyText(asked, data) {
    const parsed = splitReply(data.reply);
    const trace = traceOf(data, parsed);
    return [
      `问：${asked}`,
      `答：${[parsed.read, parsed.rest].filter(Boolean).join('\n')}`,
      trace.length ? `计算过程：\n${trace.map((t) => `· ${t}`).join('\n')}` : '',
      basisText(citationsOf(data)),
    ]
      .filter(Boolean)
      .join('\n');
  }

  function answerBlock(data) {
    const box = el('div', 'answer-body');
    const parsed = splitReply(data.reply);
    box.appendChild(appendText(el('div', 'read-aloud'), parsed.read));
    if (parsed.rest) box.appendChild(appendText(el('div', 'reply'), parsed.rest));

    const awaiting = data.awaiting && typeof data.awaiting === 'object' ? data.awaiting : undefined;
    const options = list(awaiting?.options).filter((o) => typeof o === 'string' && /[\u4e00-\u9fff]/.test(o));
    const regionOptions =
      options.length === 0 && awaiting?.slot === 'region' ? state.regions.map((r) => str(r.name)).filter(Boolean) : [];
    const shown = options.length ? options : regionOptions;
    if (shown.length > 0) {
      const opts = el('div', 'options');
      opts.appendChild(el('span', 'hint', '按来电人的回答点选：'));
      for (const o of shown.slice(0, 10)) {
        const b = el('button', 'btn small option', o);
        b.type = 'button';
        b.addEventListener('click', () => ask(o, { raw: true }));
        opts.appendChild(b);
      }
      box.appendChild(opts);
    } else if (awaiting) {
      box.appendChild(el('div', 'hint', '需要追问来电人：把回答直接输入上方问题框即可。'));
    }

    const trace = traceOf(data, parsed);
    if (trace.length > 0) {
      const steps = el('details', 'trace');
      steps.open = true;
      steps.appendChild(el('summary', '', '计算过程'));
      const ol = el('ol');
      for (const t of trace) ol.appendChild(appendText(el('li'), t));
      steps.appendChild(ol);
      box.appendChild(steps);
    }

    const citations = citationsOf(data);
    if (citations.length > 0) box.appendChild(basisBlock(citations));
    else if (!awaiting) box.appendChild(el('div', 'hint no-basis', '此答复没有附文件依据。'));
    return box;
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
    const sr = $('sr-region');
    sr.replaceChildren();
    const all = el('option', '', '全部地区');
    all.value = '';
    sr.appendChild(all);
    for (const r of state.regions) {
      const opt = el('option', '', str(r.name));
      opt.value = str(r.id);
      sr.appendChild(opt);
    }
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

  function yearRange() {
    const allYears = state.regions.flatMap((x) => list(x.years).map(Number)).filter(Number.isInteger);
    const last = Math.max(state.currentYear || 0, ...allYears, FIRST_YEAR) + 1;
    const first = Math.min(FIRST_YEAR, ...allYears);
    return { first, last };
  }

  function fillYears() {
    const r = currentRegion();
    const recorded = new Set(list(r?.years).map(Number));
    const { first, last } = yearRange();
    const keep = yearSel.value || recall(KEYS.year);
    yearSel.replaceChildren();
    const sr = $('sr-year');
    const srKeep = sr.value;
    sr.replaceChildren();
    const any = el('option', '', '不限年度');
    any.value = '';
    sr.appendChild(any);
    for (let y = last; y >= first; y--) {
      const tags = [];
      if (y === state.currentYear) tags.push('今年');
      if (recorded.has(y)) tags.push('有通知');
      const opt = el('option', '', `${y}年${tags.length ? `（${tags.join('，')}）` : ''}`);
      opt.value = String(y);
      yearSel.appendChild(opt);
      const o2 = el('option', '', `${y}年`);
      o2.value = String(y);
      sr.appendChild(o2);
    }
    const fallback = state.currentYear || Math.max(...recorded, first);
    yearSel.value = keep && Number(keep) >= first && Number(keep) <= last ? keep : String(fallback);
    sr.value = srKeep;
  }

  /** The search filters follow the context until staff change them. */
  function syncSearchFilters() {
    $('sr-region').value = regionSel.value;
    $('sr-year').value = yearSel.value;
  }

  function contextChanged() {
    store(KEYS.region, regionSel.value);
    store(KEYS.place, placeSel.value);
    store(KEYS.year, yearSel.value);
    for (const node of document.querySelectorAll('[data-ctx]')) node.textContent = contextLabel();
    syncSearchFilters();
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

  /** Sets the context to a region and place (from a hand-over). */
  function setContext(region, place) {
    if (!state.regions.some((r) => r.id === region)) return;
    regionSel.value = region;
    store(KEYS.place, place || '');
    fillPlaces();
    fillYears();
    contextChanged();
  }

  // ---------- free-text questions ----------

  function setBusy(value) {
    busy = value;
    askBtn.disabled = value;
    askBtn.textContent = value ? '查询中…' : '查询';
    for (const b of answers.querySelectorAll('.option')) b.disabled = value;
  }

  /** A new card for a new question; a follow-up answer goes into the open card under its question. */
  function addToCard(asked, sent, data) {
    if (openCard && followUp) {
      // the earlier step stays, without its buttons; the caller's answer and the new reply follow it
      for (const b of openCard.root.querySelectorAll('.option, .options')) b.remove();
      openCard.body.classList.add('earlier');
      const said = el('div', 'follow-a');
      said.appendChild(el('span', 'label', '答'));
      said.appendChild(el('span', 'follow-said', asked));
      const body = answerBlock(data);
      openCard.root.append(said, body);
      openCard.body = body;
      openCard.data = data;
      openCard.asked = `${openCard.asked}（追问：${followUp} 答：${asked}）`;
      answers.prepend(openCard.root);
      return openCard;
    }
    const root = el('article', 'panel answer');
    const head = el('div', 'answer-head');
    const q = el('div', 'asked');
    q.appendChild(el('span', 'label', '问'));
    q.appendChild(el('span', 'asked-text', asked));
    head.appendChild(q);
    const card = { root, body: answerBlock(data), data, asked };
    head.appendChild(copyButton('复制答复和依据', () => replyText(card.asked, card.data)));
    root.appendChild(head);
    if (sent !== asked) root.appendChild(el('div', 'sent', `实际查询：${sent}`));
    root.appendChild(card.body);
    answers.prepend(root);
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
      const data = (await api('api/console/ask', { call: callId, text: sent })) || {};
      answersEmpty.hidden = true;
      const card = addToCard(asked, sent, data);
      const awaiting = data.awaiting && typeof data.awaiting === 'object' ? data.awaiting : undefined;
      openCard = awaiting ? card : undefined;
      setFollowUp(awaiting ? str(awaiting.question) || splitReply(data.reply).read : '');
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
    callId = newCallId();
    store(KEYS.call, callId);
    for (const card of answers.querySelectorAll('.answer')) card.remove();
    answersEmpty.hidden = false;
    openCard = undefined;
    setFollowUp('');
    question.value = '';
    hideError(askError);
    $('ho-body').replaceChildren();
    $('ho-code').value = '';
    question.focus();
  });

  // ---------- panels ----------

  function panel(id) {
    const root = $(id);
    return { root, body: root.querySelector('.panel-body'), error: root.querySelector('.panel-error') };
  }

  const seq = { req: 0, dl: 0, ct: 0, sr: 0, un: 0, ho: 0 };

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
      if (key === 'ho') p.body.replaceChildren();
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
        li.appendChild(phoneLinks(c.phones));
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

  // ---------- search over all knowledge ----------

  function yearsText(h) {
    if (h.kind === 'deadline') return `${h.from}年度`;
    if (h.to === undefined || h.to === null) return `${h.from}年起`;
    return h.from === h.to ? `${h.from}年` : `${h.from}–${h.to}年`;
  }

  function hitText(h) {
    return [
      `【${str(h.kindLabel)}】${str(h.title)}（${str(h.regionName)}${h.placeName ? ` ${str(h.placeName)}` : ''}，${h.noticeYear}年通知）`,
      str(h.text),
      list(h.phones).length ? `电话：${list(h.phones).map(str).join('、')}` : '',
      `依据：${str(h.doc)} ${str(h.section)}：“${plainQuote(h.quote)}”`,
    ]
      .filter(Boolean)
      .join('\n');
  }

  function loadSearch() {
    const text = $('sr-text').value.trim();
    const p = panel('sr-panel');
    if (!text) {
      showError(p.error, '请输入要检索的内容。');
      return;
    }
    const region = $('sr-region').value;
    const year = $('sr-year').value;
    const path = query('api/console/search', { q: text, region, year, limit: 12 });
    loadPanel('sr', 'sr-panel', path, (body, d) => {
      const hits = list(d.hits).filter((x) => x && typeof x === 'object');
      const where = state.regions.find((r) => r.id === d.region);
      if (d.regionFromQuery && where) {
        body.appendChild(el('div', 'hint warn', `按问题里的地名检索了${str(where.name)}。`));
      }
      if (hits.length === 0) {
        body.appendChild(
          el('div', 'hint', `没有找到与「${text}」相关的内容，换个说法试试（如：岗前培训、专利、论文、电话）。`),
        );
        return '';
      }
      const ul = el('ul', 'hits');
      for (const h of hits) {
        const li = el('li', `hit${h.older ? ' older' : ''}`);
        const top = el('div', 'hit-top');
        top.appendChild(el('span', 'kind', str(h.kindLabel)));
        top.appendChild(el('span', 'hit-title', str(h.title)));
        top.appendChild(copyButton('复制', () => hitText(h)));
        li.appendChild(top);
        const meta = el('div', 'hit-meta');
        meta.appendChild(el('span', 'hit-where', `${str(h.regionName)}${h.placeName ? ` ${str(h.placeName)}` : ''}`));
        const yearTag = el('span', `notice-year${h.older ? ' old' : ''}`, `${h.noticeYear}年通知`);
        if (h.older) yearTag.title = '较早的通知；之后的通知未再写这一条，请以最新通知为准';
        meta.appendChild(yearTag);
        meta.appendChild(el('span', 'hit-years', `适用：${yearsText(h)}`));
        if (h.inForce === false) meta.appendChild(el('span', 'not-in-force', '所选年度不在适用期内'));
        li.appendChild(meta);
        li.appendChild(appendText(el('div', 'hit-text'), str(h.text)));
        if (list(h.phones).length) li.appendChild(phoneLinks(h.phones));
        if (h.url) li.appendChild(el('div', 'hit-url', str(h.url)));
        li.appendChild(quoteNode(h.quote));
        const src = el('div', 'hit-src');
        src.appendChild(el('span', 'cite-doc', str(h.doc)));
        src.appendChild(el('span', 'cite-section', ` ${str(h.section)}`));
        li.appendChild(src);
        ul.appendChild(li);
      }
      body.appendChild(ul);
      return [`检索「${text}」`, ...hits.map(hitText)].join('\n\n');
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
  for (const id of ['sr-region', 'sr-year']) {
    $(id).addEventListener('change', () => {
      if ($('sr-text').value.trim()) loadSearch();
    });
  }

  // ---------- hand-overs by service code ----------

  const REASONS = { asked: '来电人要求转人工', misses: '连续两次没答上，自动转人工' };

  function transcriptList(turns) {
    const ol = el('ol', 'transcript');
    for (const t of turns) {
      const li = el('li', 'turn');
      const u = el('div', 'turn-user');
      u.appendChild(el('span', 'who', '用户'));
      u.appendChild(el('span', 'said', str(t.text)));
      u.appendChild(el('time', 'when', timeText(t.at)));
      li.appendChild(u);
      const a = el('div', 'turn-bot');
      a.appendChild(el('span', 'who', '助手'));
      a.appendChild(appendText(el('span', 'said'), str(t.reply)));
      li.appendChild(a);
      ol.appendChild(li);
    }
    return ol;
  }

  function handoffSummary(h) {
    const lines = [`服务码 ${str(h.code)}（${REASONS[h.reason] || ''}）`];
    if (h.where) lines.push(`地区：${str(h.where)}`);
    for (const f of list(h.facts)) lines.push(`${str(f.label)}：${str(f.value)}`);
    if (h.last) {
      lines.push(`最后一次答复：${str(h.last.reply)}`);
      const b = basisText(list(h.last.citations));
      if (b) lines.push(b);
    }
    lines.push('对话记录：');
    for (const t of [...list(h.transcript), ...list(h.since)]) {
      lines.push(`用户：${str(t.text)}`);
      lines.push(`助手：${str(t.reply)}`);
    }
    return lines.join('\n');
  }

  function renderHandoff(body, h) {
    const card = el('div', 'handoff');
    const head = el('div', 'ho-head');
    head.appendChild(el('span', 'ho-code', str(h.code)));
    head.appendChild(el('span', `tag ${h.reason === 'misses' ? 'warn' : ''}`, REASONS[h.reason] || str(h.reason)));
    head.appendChild(el('span', 'hint', `${timeText(h.createdAt)} 转入 · 有效至 ${timeText(h.expiresAt)}`));
    head.appendChild(copyButton('复制摘要', () => handoffSummary(h)));
    card.appendChild(head);

    const facts = list(h.facts);
    const dl = el('dl', 'facts');
    if (facts.length === 0) dl.appendChild(el('div', 'hint', '来电人还没有告诉助手地区、成果或学时。'));
    for (const f of facts) {
      const row = el('div', 'fact');
      row.appendChild(el('dt', '', str(f.label)));
      row.appendChild(el('dd', '', str(f.value)));
      dl.appendChild(row);
    }
    card.appendChild(el('h3', '', '已了解的情况'));
    card.appendChild(dl);
    if (h.region) {
      const use = el('button', 'btn small', `按${str(h.where) || '来电人地区'}查询`);
      use.type = 'button';
      use.addEventListener('click', () => setContext(h.region, h.place));
      card.appendChild(use);
    }

    card.appendChild(el('h3', '', '最后一次答复'));
    if (h.last) {
      const last = el('div', 'ho-last');
      last.appendChild(appendText(el('div', 'reply'), str(h.last.reply)));
      const cites = list(h.last.citations).filter((c) => c && typeof c === 'object');
      if (cites.length) last.appendChild(basisBlock(cites));
      card.appendChild(last);
    } else {
      card.appendChild(el('div', 'hint', '助手还没有给出带依据的答复。'));
    }

    const turns = list(h.transcript);
    card.appendChild(el('h3', '', `对话记录（${turns.length}轮）`));
    card.appendChild(transcriptList(turns));
    const since = list(h.since);
    if (since.length) {
      card.appendChild(el('h3', '', `转人工之后又说了（${since.length}轮）`));
      card.appendChild(transcriptList(since));
    }

    const lines = list(h.hotlines);
    if (lines.length) {
      card.appendChild(el('h3', '', '来电人所在地的电话'));
      const ul = el('ul', 'contacts');
      for (const c of lines) {
        const li = el('li', 'contact');
        li.appendChild(el('div', 'ct-org', str(c.name)));
        li.appendChild(phoneLinks(c.phones));
        if (c.note) li.appendChild(el('div', 'ct-note', str(c.note)));
        ul.appendChild(li);
      }
      card.appendChild(ul);
    }
    body.appendChild(card);
    return handoffSummary(h);
  }

  function openHandoff(code) {
    const c = str(code).trim();
    const p = panel('ho-panel');
    if (!/^\d{6}$/.test(c)) {
      showError(p.error, '服务码是6位数字。');
      return;
    }
    $('ho-code').value = c;
    loadPanel('ho', 'ho-panel', `api/console/handoffs/${c}`, (body, h) => {
      const text = renderHandoff(body, h);
      // the call is about this caller: the panels follow their region and place
      if (h.region) setContext(h.region, h.place);
      return text;
    });
  }

  async function loadRecentHandoffs() {
    const box = $('ho-recent');
    try {
      const data = await api('api/console/handoffs');
      box.replaceChildren();
      const items = list(data?.handoffs).slice(0, 12);
      if (items.length === 0) return;
      box.appendChild(el('span', 'hint', '今日转人工：'));
      for (const h of items) {
        const b = el('button', 'btn small recent-code', str(h.code));
        b.type = 'button';
        b.title = [str(h.where), str(h.first), timeText(h.createdAt)].filter(Boolean).join(' · ');
        b.addEventListener('click', () => openHandoff(h.code));
        box.appendChild(b);
      }
    } catch {
      // the list is a convenience; the code box still works
    }
  }

  $('ho-form').addEventListener('submit', (e) => {
    e.preventDefault();
    openHandoff($('ho-code').value);
  });
  $('ho-code').addEventListener('input', () => {
    const v = $('ho-code').value.replace(/\D/g, '').slice(0, 6);
    if (v !== $('ho-code').value) $('ho-code').value = v;
    if (v.length === 6) openHandoff(v);
  });

  // ---------- unanswered questions ----------

  const KIND_NAMES = {
    no_answer: '没答上',
    misunderstood: '理解错了',
    handoff: '转人工',
    not_recorded: '暂未收录',
    out_of_scope: '超出范围',
  };

  function loadUnanswered() {
    const days = $('un-days').value || '7';
    loadPanel('un', 'un-panel', query('api/console/unanswered', { days }), (body, d) => {
      const groups = list(d.groups).filter((g) => g && typeof g === 'object');
      if (groups.length === 0) {
        body.appendChild(el('div', 'hint', '这段时间没有未答上的问题。'));
        return '';
      }
      body.appendChild(el('div', 'hint', `共${Number(d.total) || 0}条，归为${groups.length}组（次数多的在前）`));
      const ul = el('ul', 'groups');
      const lines = [];
      for (const g of groups) {
        const li = el('li', 'group');
        const top = el('div', 'group-top');
        top.appendChild(el('span', 'count', `${Number(g.count) || 0}次`));
        top.appendChild(el('span', 'group-text', str(g.text)));
        li.appendChild(top);
        const kinds = Object.entries(g.kinds || {})
          .map(([k, n]) => `${KIND_NAMES[k] || k}${n}`)
          .join('、');
        const regions = list(g.regions)
          .map((id) => str(state.regions.find((r) => r.id === id)?.name || id))
          .join('、');
        li.appendChild(
          el(
            'div',
            'group-meta',
            [`${Number(g.users) || 0}人`, kinds, regions, `最近 ${timeText(g.lastAt)}`].filter(Boolean).join(' · '),
          ),
        );
        const ex = list(g.examples);
        if (ex.length > 0) {
          const more = el('details', 'group-more');
          more.appendChild(el('summary', '', '说法和当时的答复'));
          const ol = el('ol');
          for (const e of ex) {
            const item = el('li');
            item.appendChild(
              el('div', 'ex-text', `${str(e.text)}（${KIND_NAMES[e.kind] || str(e.kind)}，${timeText(e.at)}）`),
            );
            item.appendChild(el('div', 'ex-reply', str(e.reply)));
            ol.appendChild(item);
          }
          more.appendChild(ol);
          li.appendChild(more);
        }
        ul.appendChild(li);
        lines.push(`${Number(g.count) || 0}次：${str(g.text)}（${kinds}）`);
      }
      body.appendChild(ul);
      return ['待补充的问题', ...lines].join('\n');
    });
  }

  $('un-form').addEventListener('submit', (e) => {
    e.preventDefault();
    loadUnanswered();
  });
  $('un-days').addEventListener('change', loadUnanswered);

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

  // ---------- login ----------

  function showLogin(message) {
    $('app').hidden = true;
    $('login').hidden = false;
    const err = $('login-error');
    if (message) showError(err, message);
    else hideError(err);
    $('login-token').focus();
  }

  async function showApp(staff) {
    $('login').hidden = true;
    $('app').hidden = false;
    $('staff').textContent = staff ? `坐席：${staff}` : '';
    if (!state.started) await start();
    loadRecentHandoffs();
    loadUnanswered();
  }

  $('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const token = $('login-token').value;
    const err = $('login-error');
    if (!token.trim()) {
      showError(err, '请输入坐席令牌。');
      return;
    }
    $('login-submit').disabled = true;
    try {
      const res = await fetch('api/console/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
        credentials: 'same-origin',
      });
      if (!res.ok) {
        showError(err, await errorMessage(res));
        return;
      }
      const data = await res.json();
      $('login-token').value = '';
      await showApp(str(data?.staff));
    } catch {
      showError(err, '网络连接失败，请检查网络后重试。');
    } finally {
      $('login-submit').disabled = false;
    }
  });

  $('logout').addEventListener('click', async () => {
    try {
      await fetch('api/console/logout', { method: 'POST', credentials: 'same-origin' });
    } catch {
      // the cookie expires by itself
    }
    showLogin('已退出。');
  });

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
      if (state.regions.length === 0) throw new ApiError('没有读到已收录的地区，请稍后再试。', 0);
      fillRegions();
      fillPlaces();
      fillYears();
      contextChanged();
      state.started = true;
      document.body.classList.add('ready');
    } catch (err) {
      globalErrorText.textContent = `地区列表加载失败：${messageOf(err)}`;
      globalError.hidden = false;
    }
  }

  $('retry').addEventListener('click', start);

  (async () => {
    try {
      const res = await fetch('api/console/me', { credentials: 'same-origin' });
      if (res.ok) {
        const me = await res.json();
        await showApp(str(me?.staff));
        return;
      }
      if (res.status === 503) {
        showLogin(await errorMessage(res));
        $('login-submit').disabled = true;
        return;
      }
      showLogin('');
    } catch {
      showLogin('网络连接失败，请检查网络后刷新页面。');
    }
  })();
})();
