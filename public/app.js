// Web chat page: talks to POST /api/chat. Server strings are only ever set as textContent.
// A reply is shown as: its first line (the figure) in front, the rest of the answer, the calculation folded,
// and one 依据 line that opens to the notice's own words. Phone numbers are tel: links.
(() => {
  const API = 'api/chat';
  const TIMEOUT_MS = 20000;
  const HISTORY_KEY = 'jxjy.history.v1';
  const HISTORY_MAX = 40;
  const HISTORY_BYTES = 150000;

  const log = document.getElementById('log');
  const form = document.getElementById('form');
  const input = document.getElementById('text');
  const send = document.getElementById('send');
  const chips = document.getElementById('chips');
  const errorBox = document.getElementById('error');
  const noticesBox = document.getElementById('notices');

  let busy = false;
  /** region names for the region question's buttons (from /api/regions) */
  let regionNames;

  // Who is asking is the signed HttpOnly cookie the server sets on the first message; the page never sees it.

  function storageGet(key) {
    try {
      return window.localStorage.getItem(key);
    } catch {
      return null;
    }
  }

  function storageSet(key, value) {
    try {
      window.localStorage.setItem(key, value);
      return true;
    } catch {
      return false;
    }
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  const str = (v) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

  // ---------- phone numbers ----------

  // 0971-8258157 · 8258153 (after an area code in the same line) · 13912345678 · 4000-434-678 · 12333
  const PHONE =
    /(?<![\d-])(?:(0\d{2,3})[-—－]?(\d{7,8})|(1[3-9]\d{9})|(400\d?-?\d{3}-?\d{3,4})|(\d{7,8})|(123\d{2}))(?![\d-])/g;

  /** Appends text to node with every phone number as a tel: link. */
  function appendText(node, text) {
    let last = 0;
    let area = '';
    for (const m of text.matchAll(PHONE)) {
      if (m.index > last) node.appendChild(document.createTextNode(text.slice(last, m.index)));
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
    if (last < text.length) node.appendChild(document.createTextNode(text.slice(last)));
  }

  // ---------- reading a reply ----------

  /**
   * Splits a reply into answers (blank lines between them), each with its lines, its calculation and its
   * 依据 line. The reply's own words are kept; only their order on screen changes.
   */
  function parseReply(text) {
    return str(text)
      .split(/\n{2,}/)
      .filter((part) => part.trim())
      .map((part) => {
        const body = [];
        const calc = [];
        const basis = [];
        let inCalc = false;
        for (const line of part.split('\n')) {
          if (/^计算过程[:：]/.test(line)) {
            inCalc = true;
            const rest = line.replace(/^计算过程[:：]\s*/, '');
            if (rest) calc.push(rest);
            continue;
          }
          if (/^依据[:：]/.test(line)) {
            inCalc = false;
            basis.push(line.replace(/^依据[:：]\s*/, ''));
            continue;
          }
          if (inCalc && /^[·•]/.test(line)) {
            calc.push(line.replace(/^[·•]\s*/, ''));
            continue;
          }
          inCalc = false;
          body.push(line);
        }
        return { body, calc, basis };
      });
  }

  /** A calculation step without the document reference the 依据 line already gives. */
  function withoutDocs(line, docs) {
    let out = line;
    for (const d of docs) {
      if (!d) continue;
      const at = out.indexOf(`（${d}`);
      if (at < 0) continue;
      const end = out.indexOf('）', at + d.length + 1);
      // the bracket closes after the clause name; nested brackets of the clause itself are kept whole
      let close = end;
      let depth = 0;
      for (let i = at + 1; i < out.length; i++) {
        if (out[i] === '（') depth++;
        if (out[i] === '）') {
          if (depth === 0) {
            close = i;
            break;
          }
          depth--;
        }
      }
      if (close > at) out = out.slice(0, at) + out.slice(close + 1);
    }
    return out;
  }

  function citationList(citations) {
    const docs = new Set(citations.map((c) => str(c.doc)));
    const list = el('ol', 'cites');
    for (const c of citations) {
      const item = el('li', 'cite');
      const head = el('div', 'cite-head');
      if (docs.size > 1) head.appendChild(el('span', 'cite-doc', str(c.doc)));
      if (c.section) head.appendChild(el('span', 'cite-section', str(c.section)));
      item.appendChild(head);
      if (c.quote) item.appendChild(el('div', 'quote', str(c.quote)));
      list.appendChild(item);
    }
    return list;
  }

  /** The one 依据 line: the reply's own words as the summary, the notice's words inside. */
  function basisBlock(lines, citations) {
    let summary = lines.join('；');
    if (!summary) {
      const docs = [...new Set(citations.map((c) => str(c.doc)).filter(Boolean))];
      summary = docs.join('；');
    }
    if (citations.length === 0) return el('div', 'basis-line', `依据：${summary}`);
    const block = el('details', 'basis');
    const head = el('summary');
    head.appendChild(el('span', 'basis-label', '依据：'));
    head.appendChild(el('span', 'basis-text', summary));
    head.appendChild(el('span', 'basis-hint', ' 原文'));
    block.appendChild(head);
    block.appendChild(citationList(citations));
    return block;
  }

  /** The bubble of one reply. */
  function replyBubble(data) {
    const bubble = el('div', 'bubble');
    const citations = Array.isArray(data.citations) ? data.citations.filter((c) => c && typeof c === 'object') : [];
    const docs = [...new Set(citations.map((c) => str(c.doc)))];
    const answers = parseReply(data.reply);
    const basisLines = [];
    answers.forEach((a, i) => {
      const box = el('div', 'answer');
      a.body.forEach((line, j) => {
        const isItem = /^[·•]/.test(line);
        const p = el('div', j === 0 && !isItem ? (i === 0 ? 'lead' : 'lead next') : isItem ? 'line item' : 'line');
        appendText(p, line);
        box.appendChild(p);
      });
      if (a.calc.length > 0) {
        const calc = el('details', 'calc');
        calc.appendChild(el('summary', '', '计算过程'));
        const ul = el('ul');
        for (const line of a.calc) {
          const li = el('li');
          appendText(li, withoutDocs(line, docs));
          ul.appendChild(li);
        }
        calc.appendChild(ul);
        box.appendChild(calc);
      }
      for (const b of a.basis) if (!basisLines.includes(b)) basisLines.push(b);
      bubble.appendChild(box);
    });
    if (basisLines.length > 0 || citations.length > 0) bubble.appendChild(basisBlock(basisLines, citations));
    // keep what was just opened on screen
    bubble.addEventListener(
      'toggle',
      (e) => {
        const d = e.target;
        if (d instanceof HTMLDetailsElement && d.open) d.scrollIntoView({ block: 'nearest' });
      },
      true,
    );
    return bubble;
  }

  // ---------- scrolling ----------

  /** How far the view is from the end of the conversation, kept up to date for re-scrolling. */
  let fromEnd = 0;
  log.addEventListener('scroll', () => {
    fromEnd = log.scrollHeight - log.scrollTop - log.clientHeight;
  });

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
    fromEnd = 0;
  }

  /** A reply taller than the view is shown from its first line; a short one with the end of the conversation. */
  function placeReply(msg) {
    const top = msg.offsetTop - log.offsetTop - 8;
    if (msg.offsetHeight > log.clientHeight - 16) log.scrollTop = top;
    else scrollToEnd();
    fromEnd = log.scrollHeight - log.scrollTop - log.clientHeight;
  }

  // A reply still settling (web fonts arriving, buttons added) is placed again as it grows, until the user scrolls.
  let placed;
  const settle =
    typeof ResizeObserver === 'function' ? new ResizeObserver(() => placed && placeReply(placed)) : undefined;
  function scrollToReply(msg) {
    placed = msg;
    settle?.disconnect();
    settle?.observe(msg);
    placeReply(msg);
  }
  for (const ev of ['wheel', 'touchstart', 'mousedown', 'keydown']) {
    log.addEventListener(
      ev,
      () => {
        placed = undefined;
        settle?.disconnect();
      },
      { passive: true },
    );
  }

  // The on-screen keyboard shrinks the visual viewport: the page follows it and keeps the same end in view.
  const vv = window.visualViewport;
  function fitViewport() {
    if (vv) document.documentElement.style.setProperty('--app-h', `${Math.round(vv.height)}px`);
  }
  function keepEndInView() {
    log.scrollTop = Math.max(0, log.scrollHeight - log.clientHeight - fromEnd);
  }
  if (vv) {
    vv.addEventListener('resize', () => {
      const keep = fromEnd;
      fitViewport();
      requestAnimationFrame(() => {
        fromEnd = keep;
        keepEndInView();
      });
    });
    fitViewport();
  }
  window.addEventListener('resize', () => requestAnimationFrame(keepEndInView));
  // where the keyboard does not resize the viewport at once, look again once it is up; what was in view stays
  input.addEventListener('focus', () => setTimeout(keepEndInView, 300));

  // ---------- messages ----------

  function addMessage(who, text) {
    const msg = el('div', `msg ${who}`);
    const bubble = el('div', 'bubble');
    appendText(bubble, text);
    msg.appendChild(bubble);
    log.appendChild(msg);
    return msg;
  }

  function clearOptions() {
    for (const box of log.querySelectorAll('.options')) box.remove();
  }

  function optionChips(options) {
    const box = el('div', 'options');
    for (const opt of options) {
      const b = el('button', 'chip', String(opt));
      b.type = 'button';
      b.addEventListener('click', () => ask(String(opt)));
      box.appendChild(b);
    }
    return box;
  }

  async function loadRegionNames() {
    if (regionNames) return regionNames;
    try {
      const res = await fetch('api/regions');
      const data = res.ok ? await res.json() : undefined;
      const list = data && Array.isArray(data.regions) ? data.regions : [];
      regionNames = list.map((r) => str(r?.name)).filter((n) => /[\u4e00-\u9fff]/.test(n));
    } catch {
      regionNames = [];
    }
    return regionNames;
  }

  /** Buttons for the question a reply asks: its own options, or the covered regions for the region question. */
  async function addOptions(msg, data) {
    const awaiting = data.awaiting && typeof data.awaiting === 'object' ? data.awaiting : undefined;
    if (!awaiting) return;
    // Only options a user can read (Chinese labels) become tap-to-answer chips.
    let options = (Array.isArray(awaiting.options) ? awaiting.options : []).filter(
      (o) => typeof o === 'string' && /[\u4e00-\u9fff]/.test(o),
    );
    if (options.length === 0 && awaiting.slot === 'region') options = await loadRegionNames();
    if (options.length === 0 || msg !== log.lastElementChild) return;
    msg.appendChild(optionChips(options.slice(0, 8)));
  }

  function addBotReply(data, opts = {}) {
    const msg = el('div', 'msg bot');
    msg.appendChild(replyBubble(data));
    log.appendChild(msg);
    if (opts.options !== false) {
      addOptions(msg, data).then(() => {
        if (opts.scroll !== false && msg.querySelector('.options')) scrollToReply(msg);
      });
    }
    if (opts.scroll !== false) scrollToReply(msg);
    return msg;
  }

  // ---------- history across reloads ----------

  function loadHistory() {
    try {
      const raw = storageGet(HISTORY_KEY);
      const h = raw ? JSON.parse(raw) : undefined;
      if (!h || !Array.isArray(h.items)) return [];
      return h.items.filter((x) => x && (x.who === 'me' || x.who === 'bot'));
    } catch {
      return [];
    }
  }

  let history = loadHistory();

  function saveHistory() {
    let items = history.slice(-HISTORY_MAX);
    let json = JSON.stringify({ items });
    while (json.length > HISTORY_BYTES && items.length > 2) {
      items = items.slice(2);
      json = JSON.stringify({ items });
    }
    history = items;
    storageSet(HISTORY_KEY, json);
  }

  function remember(item) {
    history.push(item);
    saveHistory();
  }

  function replayHistory() {
    if (history.length === 0) return;
    log.appendChild(el('div', 'history-mark', '之前的对话'));
    history.forEach((item, i) => {
      if (item.who === 'me') addMessage('me', str(item.text));
      else addBotReply(item.data || {}, { scroll: false, options: i === history.length - 1 });
    });
    requestAnimationFrame(scrollToEnd);
    scrollToEnd();
  }

  // ---------- delivered reminders ----------

  function noticeFields(n) {
    if (typeof n === 'string') return { text: n };
    if (!n || typeof n !== 'object') return undefined;
    const text = str(n.text || n.body || n.message || n.content || n.label || n.title);
    if (!text) return undefined;
    const title = n.title && str(n.title) !== text ? str(n.title) : '';
    const when = str(n.deliveredAt || n.sentAt || n.at || n.date || n.deadline);
    return { title, text, when };
  }

  /** Reminders already delivered to this user (GET /api/me/notices): shown when the server answers with a list. */
  async function loadNotices() {
    if (!noticesBox) return;
    let data;
    try {
      const res = await fetch('api/me/notices', { headers: { accept: 'application/json' } });
      if (res.status !== 200) return;
      data = await res.json();
    } catch {
      return;
    }
    const list = (Array.isArray(data) ? data : data && Array.isArray(data.notices) ? data.notices : [])
      .map(noticeFields)
      .filter(Boolean);
    if (list.length === 0) return;
    noticesBox.replaceChildren();
    const details = el('details', 'notices-list');
    details.appendChild(el('summary', '', `截止提醒（${list.length}条）`));
    const ul = el('ul');
    for (const n of list.slice(0, 20)) {
      const li = el('li', 'notice');
      if (n.title) li.appendChild(el('div', 'notice-title', n.title));
      const t = el('div', 'notice-text');
      appendText(t, n.text);
      li.appendChild(t);
      if (n.when) li.appendChild(el('div', 'notice-when', n.when));
      ul.appendChild(li);
    }
    details.appendChild(ul);
    noticesBox.appendChild(details);
    noticesBox.hidden = false;
  }

  // ---------- sending ----------

  function showError(text) {
    errorBox.textContent = text;
    errorBox.hidden = false;
  }

  function clearError() {
    errorBox.textContent = '';
    errorBox.hidden = true;
  }

  function setBusy(value) {
    busy = value;
    send.disabled = value;
    send.textContent = value ? '等待中' : '发送';
    for (const b of document.querySelectorAll('.chip')) b.disabled = value;
  }

  async function errorMessage(res) {
    let serverText = '';
    try {
      const body = await res.json();
      if (body && typeof body.error === 'string') serverText = body.error;
    } catch {
      // not JSON: fall back to the generic message below
    }
    if (res.status === 429) return serverText || '发送太频繁了，请稍后再试。';
    if (res.status === 400 || res.status === 413) return serverText || '消息格式有误，请修改后再发送。';
    return '服务暂时不可用，请稍后再试。';
  }

  function autoGrow() {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight + 2, 120)}px`;
  }

  // Sends one question. The typed text stays in the box until the server has answered.
  async function ask(text) {
    const question = text.trim();
    if (busy) return;
    if (!question) {
      showError('请先输入您的问题。');
      input.focus();
      return;
    }
    clearError();
    setBusy(true);
    const pending = addMessage('me pending', question);
    const waiting = addMessage('bot pending', '正在查询政策文件…');
    scrollToEnd();
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), TIMEOUT_MS);
    let answered;
    try {
      const res = await fetch(API, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify({ text: question }),
        signal: ctrl.signal,
      });
      if (!res.ok) {
        pending.remove();
        showError(await errorMessage(res));
        if (!input.value.trim()) input.value = question;
        return;
      }
      const data = await res.json();
      pending.classList.remove('pending');
      waiting.remove();
      clearOptions();
      const reply = {
        reply: str(data.reply),
        citations: Array.isArray(data.citations) ? data.citations : [],
        awaiting: data.awaiting,
      };
      remember({ who: 'me', text: question });
      remember({ who: 'bot', data: reply });
      answered = addBotReply(reply);
      if (input.value.trim() === question) input.value = '';
    } catch (err) {
      pending.remove();
      showError(err && err.name === 'AbortError' ? '服务器响应超时，请稍后重试。' : '网络连接失败，请检查网络后重试。');
      if (!input.value.trim()) input.value = question;
    } finally {
      clearTimeout(timer);
      waiting.remove();
      setBusy(false);
      autoGrow();
      if (answered) scrollToReply(answered);
      else scrollToEnd();
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    ask(input.value);
  });

  // Enter sends, Shift+Enter starts a new line; never while an input method is composing.
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      ask(input.value);
    }
  });
  input.addEventListener('input', () => {
    autoGrow();
    if (!errorBox.hidden && input.value.trim()) clearError();
  });

  chips.addEventListener('click', (e) => {
    const chip = e.target.closest('.chip');
    if (!chip || busy) return;
    input.value = chip.textContent;
    ask(chip.textContent);
  });

  const clearBtn = document.getElementById('clear-history');
  if (clearBtn) {
    clearBtn.addEventListener('click', () => {
      history = [];
      saveHistory();
      for (const node of [...log.children].slice(1)) node.remove();
    });
  }

  replayHistory();
  loadNotices();
})();
