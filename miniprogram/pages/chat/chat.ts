// The chat page: logs in with wx.login, sends with wx.request, shows the answer options as tap buttons, folds
// the 依据, makes phone numbers tappable and keeps the visible history on the phone.
import { HISTORY_LIMIT, REMINDER_TEMPLATE_ID } from '../../config';
import { ApiError, chat, forgetMe, type Notice, notices } from '../../utils/api';
import { botMessage, type Message, myMessage } from '../../utils/format';

const HISTORY_KEY = 'jxjy.history';
const WELCOME =
  '您好，我是继续教育学时助手。可以问我：每年要多少学时、成果能折算多少学时、还差多少、职称申报学时够不够、截止时间和咨询电话。';
const SUGGESTIONS = ['青海发明专利排第2能算多少学时', '安徽每年要多少学时', '济宁继续教育咨询电话'];

function loadHistory(): Message[] {
  try {
    const kept = wx.getStorageSync(HISTORY_KEY);
    return Array.isArray(kept) ? (kept as Message[]).filter((m) => m && typeof m.id === 'string') : [];
  } catch {
    return [];
  }
}

function saveHistory(messages: Message[]): void {
  try {
    wx.setStorageSync(HISTORY_KEY, messages.filter((m) => !m.failed).slice(-HISTORY_LIMIT));
  } catch {
    // storage full or unavailable: the history simply is not kept
  }
}

/** "12月3日 09:05" (China time) from an ISO date-time. */
function localTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const d = new Date(t + 8 * 3600_000);
  const hm = d.toISOString().slice(11, 16);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${hm}`;
}

Component({
  data: {
    messages: [] as Message[],
    input: '',
    busy: false,
    error: '',
    openBasis: '',
    lastId: '',
    welcome: WELCOME,
    suggestions: SUGGESTIONS,
    /** delivered deadline reminders */
    notices: [] as Array<Notice & { when: string }>,
    showNotices: false,
    /** after subscribing: ask WeChat's consent to send subscribe messages (a tap is needed for it) */
    askConsent: false,
  },

  lifetimes: {
    attached() {
      const messages = loadHistory();
      this.setData({ messages, lastId: messages.length ? messages[messages.length - 1]!.id : '' });
      void this.loadNotices();
    },
  },

  methods: {
    onInput(e: WechatMiniprogram.Input) {
      this.setData({ input: e.detail.value, error: '' });
    },

    onSend() {
      void this.ask(this.data.input);
    },

    onSuggestion(e: WechatMiniprogram.TouchEvent) {
      void this.ask(String(e.currentTarget.dataset.text ?? ''));
    },

    onOption(e: WechatMiniprogram.TouchEvent) {
      void this.ask(String(e.currentTarget.dataset.option ?? ''));
    },

    onRetry(e: WechatMiniprogram.TouchEvent) {
      const id = String(e.currentTarget.dataset.id ?? '');
      const failed = this.data.messages.find((m) => m.id === id && m.failed);
      if (!failed) return;
      this.setData({ messages: this.data.messages.filter((m) => m.id !== id) });
      void this.ask(failed.text);
    },

    onToggleBasis(e: WechatMiniprogram.TouchEvent) {
      const id = String(e.currentTarget.dataset.id ?? '');
      this.setData({ openBasis: this.data.openBasis === id ? '' : id });
    },

    onCall(e: WechatMiniprogram.TouchEvent) {
      const phone = String(e.currentTarget.dataset.phone ?? '');
      if (phone) wx.makePhoneCall({ phoneNumber: phone, fail: () => undefined });
    },

    async loadNotices() {
      try {
        const list = (await notices()).slice(0, 20).map((n) => ({ ...n, when: localTime(n.deliveredAt) }));
        this.setData({ notices: list });
      } catch {
        // the list is a convenience: without it the chat still works
      }
    },

    onToggleNotices() {
      this.setData({ showNotices: !this.data.showNotices });
    },

    onConsent() {
      this.setData({ askConsent: false });
      if (!REMINDER_TEMPLATE_ID) return;
      wx.requestSubscribeMessage({
        tmplIds: [REMINDER_TEMPLATE_ID],
        success: () => wx.showToast({ title: '已开启微信提醒', icon: 'success' }),
        fail: () => undefined,
      });
    },

    onForget() {
      wx.showModal({
        title: '删除我的数据',
        content: '将删除助手保存的地区、学时、提醒等全部信息，且无法恢复。',
        confirmText: '删除',
        success: (r) => {
          if (!r.confirm) return;
          forgetMe()
            .then(() => {
              this.setData({ messages: [], lastId: '' });
              saveHistory([]);
              wx.showToast({ title: '已删除', icon: 'success' });
            })
            .catch((err: unknown) =>
              this.setData({ error: err instanceof ApiError ? err.message : '删除失败，请重试。' }),
            );
        },
      });
    },

    async ask(raw: string) {
      const text = raw.trim();
      if (this.data.busy) return;
      if (!text) {
        this.setData({ error: '请先输入您的问题。' });
        return;
      }
      const mine = myMessage(text);
      this.setData({
        busy: true,
        error: '',
        input: this.data.input.trim() === text ? '' : this.data.input,
        messages: [...this.data.messages, mine],
        lastId: mine.id,
      });
      try {
        const reply = await chat(text);
        const answer = botMessage(reply);
        const messages = [...this.data.messages, answer];
        this.setData({
          messages,
          lastId: answer.id,
          askConsent: reply.intent === 'subscribe' && !!REMINDER_TEMPLATE_ID,
        });
        saveHistory(messages);
      } catch (err) {
        const message = err instanceof ApiError ? err.message : '网络连接失败，请检查网络后重试。';
        const messages = this.data.messages.map((m) => (m.id === mine.id ? { ...m, failed: true } : m));
        this.setData({ messages, error: message });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
