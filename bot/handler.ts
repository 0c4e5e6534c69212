// WeChat message routing: which messages reach the chat service, and what goes back.

import type { Message } from 'wechaty';
import { types } from 'wechaty';
import type { ChatService } from '../src/chat/types';
import type { KeyValueStore } from '../src/sessions';
import { userKey } from '../src/sessions/keys';
import { type ContactLimiter, firstSight } from './guard';

export const TEXT_ONLY_REPLY = '暂时只能看懂文字消息，请用文字描述您的问题。';
export const HELP_REPLY = '您好，我是继续教育学时助手。请直接用文字提问，例如：安徽每年要多少学时？';
export const ERROR_REPLY = '抱歉，系统暂时出了点问题，请稍后再试。如着急，可拨打当地继续教育咨询电话。';
export const tooLongReply = (max: number) => `消息太长了，请把问题缩短到${max}字以内再发给我。`;
export const tooFastReply = (seconds: number) => `发送太频繁了，请${seconds}秒后再发。`;

/** WeChat cuts very long texts; replies longer than this are sent in parts. */
export const MAX_WECHAT_TEXT = 1500;

export interface HandlerOptions {
  /** longest accepted user text (characters) */
  maxTextLength?: number;
  /** where routing errors are reported; defaults to console.error */
  onError?: (err: unknown, message: Message) => void;
  /** remembers message ids so a redelivered message is answered once (memory or Redis) */
  store?: KeyValueStore;
  /** messages dated before this are history replayed after a (re)start: ignored */
  startedAt?: Date;
  /** per-contact rate limit */
  limiter?: ContactLimiter;
}

// Message types that are system notices rather than something the user sent to us.
const SILENT_TYPES = new Set<types.Message>([types.Message.Recalled, types.Message.GroupNote]);

/** Splits a long reply into parts of at most `max` characters, preferring line breaks. */
export function splitReply(text: string, max = MAX_WECHAT_TEXT): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = max;
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\n+/, '');
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}

export function createMessageHandler(chat: ChatService, opts: HandlerOptions = {}) {
  const maxTextLength = opts.maxTextLength ?? 500;
  const onError = opts.onError ?? ((err: unknown) => console.error('[bot] message handling failed:', err));

  return async function onMessage(message: Message): Promise<void> {
    try {
      if (message.self()) return;
      const type = message.type();
      if (SILENT_TYPES.has(type)) return;
      // history replayed after a restart is not a new question
      if (opts.startedAt && message.date().getTime() < opts.startedAt.getTime()) return;

      const room = message.room();
      if (room && !(await message.mentionSelf())) return;
      // a message delivered twice (puppet reconnect, retry) is answered once
      if (opts.store && !(await firstSight(opts.store, message.id))) return;

      const talker = message.talker();
      const key = userKey('wx', talker.id);
      const send = async (text: string) => {
        for (const part of splitReply(text)) {
          if (room) await room.say(part, talker);
          else await message.say(part);
        }
      };

      try {
        if (opts.limiter) {
          const verdict = await opts.limiter.take(key);
          if (verdict === 'drop') return;
          if (verdict === 'warn') {
            await send(tooFastReply(opts.limiter.windowSeconds));
            return;
          }
        }
        if (type !== types.Message.Text) {
          await send(TEXT_ONLY_REPLY);
          return;
        }
        const raw = room ? await message.mentionText() : message.text();
        const text = (raw ?? '').trim();
        if (!text) {
          await send(HELP_REPLY);
          return;
        }
        if ([...text].length > maxTextLength) {
          await send(tooLongReply(maxTextLength));
          return;
        }
        const answer = await chat.handle(key, text);
        await send(answer.reply.trim() || HELP_REPLY);
      } catch (err) {
        onError(err, message);
        await send(ERROR_REPLY);
      }
    } catch (err) {
      // Even the apology failed (e.g. network down): log and carry on.
      onError(err, message);
    }
  };
}
