// Turns one server reply into what the chat page shows: the text in segments (phone numbers tappable),
// the 依据 folded away, and the answer options as tap buttons. Pure functions, no wx calls.

// The answer of POST /api/chat as the server sends it (src/chat/types.ts); repeated here because the
// mini-program is built on its own, from this folder only.
export interface Citation {
  doc: string;
  section: string;
  quote: string;
}

export interface ChatReply {
  reply: string;
  intent?: string;
  awaiting?: { slot: string; question: string; options?: string[] };
  citations?: Citation[];
}

export interface Segment {
  text: string;
  /** digits to dial when this segment is a phone number */
  phone?: string;
}

export interface Message {
  id: string;
  who: 'me' | 'bot';
  segments: Segment[];
  /** the 依据 line of the reply and the quoted clauses, shown folded */
  basis: { line: string; citations: Citation[] } | null;
  options: string[];
  /** a message of mine that did not get through: tapping retries it */
  failed?: boolean;
  text: string;
}

// 0971-8258157, 05372363862, 13912345678, 4000-434-678, 12333 — not part of a longer number or date
const PHONE = /(?<![\d-])(?:0\d{2,3}-?\d{7,8}|1[3-9]\d{9}|400\d?-?\d{3}-?\d{3,4}|12333)(?![\d-])/g;

export function segments(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(PHONE)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ text: text.slice(last, at) });
    out.push({ text: m[0], phone: m[0].replace(/-/g, '') });
    last = at + m[0].length;
  }
  if (last < text.length || out.length === 0) out.push({ text: text.slice(last) });
  return out;
}

/** Only options a person can read (Chinese labels) become buttons, at most eight. */
export function optionsOf(reply: ChatReply): string[] {
  const list = reply.awaiting && Array.isArray(reply.awaiting.options) ? reply.awaiting.options : [];
  return list.filter((o) => typeof o === 'string' && /[\u4e00-\u9fff]/.test(o)).slice(0, 8);
}

let seq = 0;
export function nextId(): string {
  seq += 1;
  return `m${Date.now().toString(36)}${seq}`;
}

export function myMessage(text: string): Message {
  return { id: nextId(), who: 'me', segments: [{ text }], basis: null, options: [], text };
}

export function botMessage(reply: ChatReply): Message {
  const text = typeof reply.reply === 'string' ? reply.reply : '';
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.startsWith('依据：'));
  const body =
    at >= 0
      ? lines
          .slice(0, at)
          .concat(lines.slice(at + 1))
          .join('\n')
      : text;
  const citations = Array.isArray(reply.citations)
    ? reply.citations.filter((c) => c && typeof c === 'object' && typeof c.doc === 'string')
    : [];
  const basis = at >= 0 || citations.length > 0 ? { line: at >= 0 ? lines[at]! : '依据', citations } : null;
  return { id: nextId(), who: 'bot', segments: segments(body), basis, options: optionsOf(reply), text };
}
