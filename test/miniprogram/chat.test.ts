// The mini-program chat page under miniprogram-simulate, talking to the real app (wx.request → fastify inject)
// with a WeChat stand-in for jscode2session: render, tap a suggestion and an option, fold 依据, tap a phone
// number, a failed request shows a retry, the history is kept.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { testApp } from '../helpers/app';
import { STANDIN_APPID, STANDIN_SECRET, type StandIn, startWeChatStandIn } from '../helpers/wechat-standin';

const PAGE = join(process.cwd(), 'miniprogram/pages/chat/chat');
const API_BASE = 'https://jxjy.example.gov.cn';

// A DOM for j-component (under miniprogram-simulate) in the node environment, so that the server side keeps
// Node's own fetch and AbortSignal (vitest's jsdom environment would replace them).
const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>', { pretendToBeVisual: true });
for (const key of [
  'window',
  'document',
  'navigator',
  'Node',
  'Element',
  'HTMLElement',
  'Event',
  'CustomEvent',
  'MouseEvent',
  'TouchEvent',
  'getComputedStyle',
  'requestAnimationFrame',
]) {
  const value = (dom.window as any)[key];
  if (value !== undefined && !(key in globalThis && key === 'navigator'))
    (globalThis as any)[key] = typeof value === 'function' && /^[a-z]/.test(key) ? value.bind(dom.window) : value;
}
const simulate = (await import('miniprogram-simulate')).default;

let app: Awaited<ReturnType<typeof testApp>>;
let standin: StandIn;
let definition: Record<string, unknown>;
const storage = new Map<string, unknown>();
const requests: Array<{ url: string; method: string; data: unknown; header: Record<string, string> }> = [];
let offline = false;
let logins = 0;
const calls: string[] = [];

beforeAll(async () => {
  standin = await startWeChatStandIn();
  app = await testApp({
    AUTH_SECRET: 'miniprogram-test-secret-0123456789',
    WECHAT_APPID: STANDIN_APPID,
    WECHAT_SECRET: STANDIN_SECRET,
    WECHAT_API_BASE: standin.base,
  });
  const wx = (globalThis as any).wx;
  Object.assign(wx, {
    login: ({ success }: { success: (r: { code: string }) => void }) => {
      logins++;
      const code = `code-${logins}`;
      standin.codes.set(code, { openid: `o-mini-${logins}` }); // each login a new user: tests start afresh
      setTimeout(() => success({ code }), 0);
    },
    request: (o: any) => {
      requests.push({ url: o.url, method: o.method, data: o.data, header: o.header });
      if (offline) {
        setTimeout(() => o.fail?.({ errMsg: 'request:fail' }), 0);
        return;
      }
      void app
        .inject({ method: o.method, url: String(o.url).replace(API_BASE, ''), payload: o.data, headers: o.header })
        .then((res) => o.success?.({ statusCode: res.statusCode, data: res.json(), header: res.headers }));
    },
    getStorageSync: (k: string) => (storage.has(k) ? storage.get(k) : ''),
    setStorageSync: (k: string, v: unknown) => void storage.set(k, JSON.parse(JSON.stringify(v))),
    removeStorageSync: (k: string) => void storage.delete(k),
    makePhoneCall: vi.fn((o: { phoneNumber: string }) => calls.push(o.phoneNumber)),
  });
  // the page registers itself with Component(); capture its definition to load it with its own template
  const g = globalThis as any;
  const register = g.Component;
  g.Component = (def: Record<string, unknown>) => {
    definition = def;
  };
  const path = '../../miniprogram/pages/chat/chat';
  await import(/* @vite-ignore */ path);
  g.Component = register;
});

afterAll(async () => {
  await app?.close();
  await standin?.close();
});

function mount() {
  const id = simulate.load({
    template: readFileSync(`${PAGE}.wxml`, 'utf8'),
    usingComponents: {},
    ...definition,
  });
  const page: any = simulate.render(id);
  page.attach(document.createElement('parent-wrapper'));
  return page;
}

async function until(probe: () => boolean, what: string) {
  for (let i = 0; i < 200; i++) {
    if (probe()) return;
    await simulate.sleep(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const PENDING = '正在查询政策文件…';
/** the texts of the shown messages of one side (the waiting line is not a message) */
const bubbles = (page: any, who: 'me' | 'bot') =>
  page
    .querySelectorAll(`.msg.${who} .bubble`)
    .map((b: any) => b.dom.textContent as string)
    .filter((t: string) => t !== PENDING);

describe('mini-program chat page', () => {
  beforeEach(() => {
    storage.clear();
    requests.length = 0;
    offline = false;
  });

  it('renders, logs in with wx.login, answers a tapped suggestion with the 依据 folded', async () => {
    const page = mount();
    expect(page.querySelector('.welcome .bubble').dom.textContent).toContain('继续教育学时助手');
    const loginsBefore = logins;
    page.querySelector('.suggestion').dispatchEvent('tap');
    await until(() => bubbles(page, 'bot').length === 2, 'the answer');
    expect(bubbles(page, 'me')).toEqual(['青海发明专利排第2能算多少学时']);
    const answer = bubbles(page, 'bot')[1]!;
    expect(answer).toContain('60学时');
    expect(answer).not.toContain('依据：'); // folded away
    expect(logins).toBe(loginsBefore + 1);
    const chatReq = requests.find((r) => r.url.endsWith('/api/chat'))!;
    expect(chatReq.header.authorization).toMatch(/^Bearer /);
    expect(chatReq.data).toEqual({ text: '青海发明专利排第2能算多少学时' });

    const head = page.querySelector('.basis-head');
    expect(head.dom.textContent).toContain('查看依据');
    expect(page.querySelector('.basis-body')).toBeUndefined();
    head.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(page.querySelector('.basis-line').dom.textContent).toContain('青人社厅函〔2025〕153号');
    expect(page.querySelector('.quote').dom.textContent).toContain('60学时');
  });

  it('shows the asked options as buttons; tapping one answers the question', async () => {
    const page = mount();
    const ask = async (text: string, n: number) => {
      page.instance.setData({ input: text });
      page.querySelector('.send').dispatchEvent('tap');
      await until(() => bubbles(page, 'bot').length === n, `reply ${n}`);
    };
    await ask('参与的专利能折算学时吗', 2);
    await ask('我在青海', 3);
    const options = page.querySelectorAll('.option').map((o: any) => o.dom.textContent.trim());
    expect(options).toEqual(['发明专利', '实用新型专利']);
    page.querySelectorAll('.option')[1].dispatchEvent('tap');
    await until(() => bubbles(page, 'bot').length === 4, 'the answer to the option');
    expect(bubbles(page, 'me').at(-1)).toBe('实用新型专利');
    expect(bubbles(page, 'bot').at(-1)).toMatch(/实用新型专利/); // the tapped answer was understood: next question
    // options of an answered question are no longer offered as buttons on the new reply
    expect(page.instance.data.messages.at(-1).options).toEqual([]);
  });

  it('makes phone numbers tappable (wx.makePhoneCall)', async () => {
    const page = mount();
    page.instance.setData({ input: '青海继续教育咨询电话' });
    page.querySelector('.send').dispatchEvent('tap');
    await until(() => bubbles(page, 'bot').length === 2, 'the contacts');
    const phones = page.querySelectorAll('.phone');
    expect(phones.length).toBeGreaterThan(2);
    expect(phones[0].dom.textContent).toBe('0971-8258157');
    phones[0].dispatchEvent('tap');
    await until(() => calls.length > 0, 'the call');
    expect(calls.at(-1)).toBe('09718258157');
  });

  it('a failed request shows a retry; tapping it sends the message again', async () => {
    const page = mount();
    offline = true;
    page.instance.setData({ input: '安徽每年要多少学时' });
    page.querySelector('.send').dispatchEvent('tap');
    await until(() => page.querySelector('.retry') !== undefined, 'the retry');
    expect(page.querySelector('.error').dom.textContent).toMatch(/网络连接失败/);
    expect(page.instance.data.input).toBe('');
    offline = false;
    page.querySelector('.retry').dispatchEvent('tap');
    await until(() => bubbles(page, 'bot').length === 2, 'the answer after retry');
    expect(page.querySelector('.retry')).toBeUndefined();
    expect(bubbles(page, 'me')).toEqual(['安徽每年要多少学时']);
    expect(bubbles(page, 'bot')[1]).toMatch(/90学时/);
  });

  it('keeps the visible history across a reopen, and a server error shows its message', async () => {
    const first = mount();
    first.instance.setData({ input: '济宁每年要多少学时' });
    first.querySelector('.send').dispatchEvent('tap');
    await until(() => bubbles(first, 'bot').length === 2, 'the answer');
    const again = mount();
    expect(bubbles(again, 'me')).toEqual(['济宁每年要多少学时']);
    expect(bubbles(again, 'bot')[1]).toBe(bubbles(first, 'bot')[1]);

    again.instance.setData({ input: '学'.repeat(600) });
    again.querySelector('.send').dispatchEvent('tap');
    await until(() => again.querySelector('.retry') !== undefined, 'the refusal');
    expect(again.querySelector('.error').dom.textContent).toMatch(/太长/);
  });

  it('renews an expired or forged token by logging in again, once', async () => {
    storage.set('jxjy.token', 'forged.token.value');
    const page = mount();
    const before = logins;
    page.instance.setData({ input: '安徽每年要多少学时' });
    page.querySelector('.send').dispatchEvent('tap');
    await until(() => bubbles(page, 'bot').length === 2, 'the answer');
    expect(logins).toBe(before + 1);
    expect(storage.get('jxjy.token')).not.toBe('forged.token.value');
  });
});
