// Optional LLM parser: any OpenAI-compatible chat endpoint (OpenAI, a local Qwen behind vLLM/Ollama, ...).
// It asks for a JSON object (response_format json_object, no json_schema), validates it with the same zod Command
// schema as the rule parser, and never throws: every failure comes back typed (timeout | http | malformed | schema).
// One attempt only (maxRetries 0) and a hard timeout (LLM_TIMEOUT_MS, default 3 s): this is the hot path.
//
// What the model may contribute is limited to closed values (enums, numbers, known region/place ids):
// - `text` is always replaced by the user's own words;
// - `where` is normalised against the gazetteer; unknown names are dropped, so no free text of the model can reach
//   a reply;
// - `confidence` is capped at LLM_MAX_CONFIDENCE: a model's self-reported certainty is not calibrated and can be
//   talked up by the user's text, so an LLM command never claims the certainty of a rule match.
import OpenAI, { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { Config } from '../config';
import type { Gazetteer } from '../policy/schema';
import { Command, type ParseContext, type Where } from './command';
import { buildSystemPrompt, buildUserMessage } from './prompt';

export type LlmConfig = Pick<Config, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'OPENAI_MODEL' | 'LLM_TIMEOUT_MS'>;

export type LlmFailureKind = 'timeout' | 'http' | 'malformed' | 'schema';
export interface LlmFailure {
  kind: LlmFailureKind;
  detail: string;
}
export type LlmResult = { ok: true; command: Command; ms: number } | { ok: false; failure: LlmFailure; ms: number };

export interface LlmParser {
  parse(text: string, ctx: ParseContext): Promise<LlmResult>;
}

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
    async parse(text, ctx) {
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
      }

      if (typeof content !== 'string' || !content.trim()) return fail('malformed', 'empty content');
      const raw = extractJson(content);
      if (raw === undefined) return fail('malformed', `not a JSON object: ${content.slice(0, 80)}`);
      const parsed = Command.safeParse(raw);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
        return fail('schema', issues.slice(0, 3).join('; '));
      }
      return { ok: true, command: sanitise(parsed.data, text, gazetteer), ms: ms() };
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

function sanitise(cmd: Command, text: string, gazetteer: Gazetteer): Command {
  const slots = { ...cmd.slots };
  const where = slots.where ? normaliseWhere(slots.where, gazetteer) : undefined;
  if (where) slots.where = where;
  else delete slots.where;
  return { ...cmd, slots, text: text.slice(0, 2000), confidence: Math.min(cmd.confidence, LLM_MAX_CONFIDENCE) };
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
