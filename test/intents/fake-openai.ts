// A fake OpenAI-compatible endpoint (POST /v1/chat/completions) with a per-test behaviour.
import Fastify from 'fastify';

export interface ChatRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
  response_format?: { type: string };
  [k: string]: unknown;
}

export interface Recorded {
  body: ChatRequest;
  headers: Record<string, string | string[] | undefined>;
}

/** What the fake model does: answer with content, with an HTTP error, and/or after a delay. */
export interface Reply {
  content?: string | null;
  status?: number;
  delayMs?: number;
}
export type Behaviour = (req: ChatRequest) => Reply;

export const reply = {
  command:
    (cmd: unknown): Behaviour =>
    () => ({ content: JSON.stringify(cmd) }),
  text:
    (content: string): Behaviour =>
    () => ({ content }),
  slow:
    (delayMs: number, cmd: unknown): Behaviour =>
    () => ({ content: JSON.stringify(cmd), delayMs }),
  error:
    (status: number): Behaviour =>
    () => ({ status }),
};

export interface FakeOpenAI {
  baseURL: string;
  requests: Recorded[];
  behave(b: Behaviour): void;
  close(): Promise<void>;
}

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  const requests: Recorded[] = [];
  let behaviour: Behaviour = reply.error(503);

  app.post('/v1/chat/completions', async (req, res) => {
    const body = req.body as ChatRequest;
    requests.push({ body, headers: req.headers });
    const r = behaviour(body);
    if (r.delayMs) await new Promise((ok) => setTimeout(ok, r.delayMs));
    if (r.status && r.status >= 400) {
      return res.code(r.status).send({ error: { message: 'fake failure', type: 'server_error', code: null } });
    }
    return {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: 0,
      model: body.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: r.content ?? null, refusal: null },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
    };
  });

  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    behave(b) {
      behaviour = b;
      requests.length = 0;
    },
    close: () => app.close(),
  };
}
