// The chat contract shared by every channel (HTTP, web page, WeChat).

export interface Citation {
  /** 文号 (or the notice's title where it has none) */
  doc: string;
  section: string;
  quote: string;
}

export interface ChatReply {
  /** what the user reads: plain Chinese, phone-sized, no Markdown tables */
  reply: string;
  intent: string;
  /** the slot the assistant is waiting for, when it asked a question */
  awaiting?: { slot: string; question: string; options?: string[] };
  /** the structured policy result, when one was computed */
  result?: unknown;
  citations: Citation[];
}

/** The door a message came through: where reminders to this user go (the user key's own channel by default). */
export interface Via {
  /** web, mp, oa or wx */
  channel: string;
  /** the address on that channel when the user key does not name it (an openid behind a unionid) */
  to?: string;
}

export interface ChatService {
  /** Handles one message of one user; messages of one user are handled strictly in order. */
  handle(userId: string, text: string, via?: Via): Promise<ChatReply>;
}
