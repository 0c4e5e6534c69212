// Optional LLM reader: any OpenAI-compatible chat endpoint (OpenAI, a local Qwen behind vLLM/Ollama, ...).
// It asks for a JSON object {commands: [...]} (response_format json_object), validates every command with the same
// zod schema as the rule reader, and never throws: every failure comes back typed (timeout | http | malformed | schema).
// One attempt only (maxRetries 0) and a hard timeout (LLM_TIMEOUT_MS, default 3 s): this is the hot path.
//
// What the model may contribute is limited to closed values (enums, numbers, known region/place ids):
// - the reading's `text` is always the user's own words;
// - `where` is normalised against the gazetteer; unknown names are dropped, so no free text of the model can reach
//   a reply;
// - `confidence` is capped at LLM_MAX_CONFIDENCE: a model's self-reported certainty is not calibrated and can be
//   talked up by the user's text, so an LLM command never claims the certainty of a rule match.
import OpenAI, { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { z } from 'zod';
import type { Config } from '../config';
import type { Gazetteer } from '../policy/schema';
import { Command, type ReadContext, type Reading, type Where } from './command';
import { buildSystemPrompt, buildUserMessage } from './prompt';

export type LlmConfig = Pick<Config, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'OPENAI_MODEL' | 'LLM_TIMEOUT_MS'>;

export type LlmFailureKind = 'timeout' | 'http' | 'malformed' | 'schema';
export interface LlmFailure {
  kind: LlmFailureKind;
  detail: string;
}
export type LlmResult = { ok: true; reading: Reading; ms: number } | { ok: false; failure: LlmFailure; ms: number };

export interface LlmParser {
  /** one call at most; `signal` cancels it (the client went away, the turn's deadline passed) */
  parse(text: string, ctx: ReadContext, signal?: AbortSignal): Promise<LlmResult>;
}

const LlmAnswer = z.object({ commands: z.array(Command).max(40) }).strict();

/** The highest confidence an LLM command may carry. */
export const LLM_MAX_CONFIDENCE = 0.8;

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** The LLM is configured when a key or an endpoint is given (local servers often need no key). */
export function llmConfigured(config: Pick<Config, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL'>): boolean {
  return Boolean(config.OPENAI_API_KEY || config.OPENAI_BASE_URL);
}

export function createLlmParser(opts: { config: LlmConfig; gazetteer: Gazetteer; client?: OpenAI }): LlmParser {
  const { config, gazetteer } = opts;
  const timeout = config.LLM_TIMEOUT_MS;
  const client =
    opts.client ??
    new OpenAI({
      // explicit values so the SDK does not fall back on its own environment look-ups
      apiKey: config.OPENAI_API_KEY || 'none',
      baseURL: config.OPENAI_BASE_URL || DEFAULT_BASE_URL,
      maxRetries: 0,
      timeout,
    });

  return {
    async parse(text, ctx, signal) {
      const started = performance.now();
      const ms = () => Math.round(performance.now() - started);
      const fail = (kind: LlmFailureKind, detail: string): LlmResult => ({
        ok: false,
        failure: { kind, detail },
        ms: ms(),
      });

      // The SDK timeout covers the wait for headers; our own timer also covers a slow body.
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeout);
      const onAbort = () => controller.abort();
      signal?.addEventListener('abort', onAbort, { once: true });
      let content: string | null | undefined;
      try {
        const res = await client.chat.completions.create(
          {
            model: config.OPENAI_MODEL,
            messages: [
              { role: 'system', content: buildSystemPrompt(gazetteer, ctx) },
              { role: 'user', content: buildUserMessage(text) },
            ],
            response_format: { type: 'json_object' },
            temperature: 0,
          },
          { timeout, maxRetries: 0, signal: controller.signal },
        );
        content = res.choices?.[0]?.message?.content;
      } catch (err) {
        if (timedOut || err instanceof APIConnectionTimeoutError)
          return fail('timeout', `no answer within ${timeout} ms`);
        if (err instanceof APIUserAbortError) return fail('timeout', 'aborted');
        if (err instanceof APIError) return fail('http', err.status ? `HTTP ${err.status}` : err.message);
        return fail('http', err instanceof Error ? err.message : String(err));
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      }

      if (typeof content !== 'string' || !content.trim()) return fail('malformed', 'empty content');
      const raw = extractJson(content);
      if (raw === undefined) return fail('malformed', `not a JSON object: ${content.slice(0, 80)}`);
      const parsed = LlmAnswer.safeParse(raw);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
        return fail('schema', issues.slice(0, 3).join('; '));
      }
      return { ok: true, reading: sanitise(parsed.data.commands, text, gazetteer), ms: ms() };
    },
  };
}

/** The JSON object in a model's reply, tolerating code fences and a leading <think> block; undefined if none. */
export function extractJson(content: string): Record<string, unknown> | undefined {
  const s = content
    .replace(/<think>[\s\S]*?<\/think>/g, '')
    .replace(/^\s*```(?:json)?\s*|\s*```\s*$/g, '')
    .trim();
  const asObject = (v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  try {
    return asObject(JSON.parse(s));
  } catch {
    // fall through: maybe the object is wrapped in some words
  }
  const first = s.indexOf('{');
  const last = s.lastIndexOf('}');
  if (first < 0 || last <= first) return undefined;
  try {
    return asObject(JSON.parse(s.slice(first, last + 1)));
  } catch {
    return undefined;
  }
}

/** The model's commands as a reading: places normalised against the gazetteer (unknown ones dropped). */
function sanitise(commands: Command[], text: string, gazetteer: Gazetteer): Reading {
  const out: Command[] = [];
  for (const c of commands) {
    if (c.type !== 'where') {
      out.push(c);
      continue;
    }
    const where = normaliseWhere(c.where, gazetteer);
    if (where) out.push({ ...c, where });
  }
  return { commands: out, unread: [], unplaced: [], text: text.slice(0, 2000), confidence: LLM_MAX_CONFIDENCE };
}

const named = (s: string, n: { id?: string; name: string; aliases: string[] }) =>
  s === n.id || s === n.name || n.aliases.includes(s);

/** Maps region/place/uncovered to gazetteer ids and names; anything unknown is dropped. */
export function normaliseWhere(where: Where, g: Gazetteer): Where | undefined {
  let region = where.region ? g.regions.find((r) => named(where.region as string, r)) : undefined;
  let place: string | undefined;
  if (where.place) {
    const pool = region ? [region] : g.regions;
    for (const r of pool) {
      const p = r.places.find((x) => named(where.place as string, x));
      if (p) {
        place = p.id;
        region = r;
        break;
      }
    }
  }
  const uncoveredName = [where.uncovered, region ? undefined : where.region].find(
    (s): s is string => !!s && g.uncovered.some((u) => named(s, u)),
  );
  const uncovered = uncoveredName ? g.uncovered.find((u) => named(uncoveredName, u))?.name : undefined;
  const out: Where = {};
  if (region) out.region = region.id;
  if (place) out.place = place;
  if (uncovered && !region) out.uncovered = uncovered;
  return Object.keys(out).length ? out : undefined;
}
