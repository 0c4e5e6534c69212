// Web chat page: talks to POST /api/chat. Server strings are only ever set as textContent.
(() => {
  const API = 'api/chat';
  const TIMEOUT_MS = 20000;
  const USER_KEY = 'jxjy.userId';

  const log = document.getElementById('log');
  const form = document.getElementById('form');
  const input = document.getElementById('text');
  const send = document.getElementById('send');
  const chips = document.getElementById('chips');
  const errorBox = document.getElementById('error');

  let busy = false;

  function randomId() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') return `web-${window.crypto.randomUUID()}`;
    return `web-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
  }

  // The user id survives reloads; private browsing without storage falls back to one per page.
  const userId = (() => {
    try {
      let id = window.localStorage.getItem(USER_KEY);
      if (!id || !/^\S{1,128}$/.test(id)) {
        id = randomId();
        window.localStorage.setItem(USER_KEY, id);
      }
      return id;
    } catch {
      return randomId();
    }
  })();

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  function addMessage(who, text) {
    const msg = el('div', `msg ${who}`);
    msg.appendChild(el('div', 'bubble', text));
    log.appendChild(msg);
    scrollToEnd();
    return msg;
  }

  function citationBlock(citations) {
    const block = el('details', 'basis');
    block.appendChild(el('summary', '', `依据（${citations.length}条）`));
    const list = el('ol');
    for (const c of citations) {
      const item = el('li');
      const cite = el('details', 'cite');
      const head = el('summary');
      head.appendChild(el('span', 'cite-doc', String(c.doc || '')));
      if (c.section) head.appendChild(document.createTextNode(` ${String(c.section)}`));
      if (c.quote) head.appendChild(el('span', 'cite-hint', ' · 点击看原文'));
      cite.appendChild(head);
      if (c.quote) cite.appendChild(el('div', 'quote', String(c.quote)));
      item.appendChild(cite);
      list.appendChild(item);
    }
    block.appendChild(list);
    // keep what was just opened on screen
    block.addEventListener(
      'toggle',
      (e) => {
        const d = e.target;
        if (d instanceof HTMLDetailsElement && d.open) d.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
      },
      true,
    );
    return block;
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

  function addBotReply(data) {
    const msg = addMessage('bot', typeof data.reply === 'string' ? data.reply : '');
    const citations = Array.isArray(data.citations) ? data.citations.filter((c) => c && typeof c === 'object') : [];
    if (citations.length > 0) msg.appendChild(citationBlock(citations));
    // Only options a user can read (Chinese labels) become tap-to-answer chips.
    const options = (data.awaiting && Array.isArray(data.awaiting.options) ? data.awaiting.options : []).filter(
      (o) => typeof o === 'string' && /[\u4e00-\u9fff]/.test(o),
    );
    if (options.length > 0) msg.appendChild(optionChips(options.slice(0, 8)));
    scrollToEnd();
  }

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
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), TIMEOUT_MS);
    try {
      const res = await fetch(API, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId, text: question }),
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
      addBotReply(data);
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
      scrollToEnd();
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
})();
