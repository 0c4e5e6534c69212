// The system prompt of the optional LLM reader: the template in knowledge/llm/reader-prompt.md, filled with the
// command schema (generated from zod, enum values glossed with the policy core's names), the covered regions,
// today and the awaited answer. It never carries a policy figure: the model only turns words into commands.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_KNOWLEDGE_DIR } from '../policy/knowledge';
import type { Gazetteer } from '../policy/schema';
import { KIND_NAMES, ROUTE_NAMES, SUBJECT_NAMES, TITLE_LEVEL_NAMES, VALUE_NAMES } from '../policy/words';
import { Command, type ReadContext } from './command';

/** Delimiters around the user's text in the user message. */
export const USER_OPEN = '<<<';
export const USER_CLOSE = '>>>';

let template: string | undefined;
function loadTemplate(dir = DEFAULT_KNOWLEDGE_DIR): string {
  template ??= readFileSync(join(dir, 'llm', 'reader-prompt.md'), 'utf8');
  return template;
}

/** Chinese meaning of enum values, by the last segment of their schema path. */
function glossOf(path: string): Record<string, string> {
  const key = path.split('.').pop() ?? '';
  if (key === 'kind') return KIND_NAMES;
  if (key === 'subject') return SUBJECT_NAMES;
  if (path.endsWith('title.level')) return TITLE_LEVEL_NAMES;
  if (key === 'route') return ROUTE_NAMES;
  return VALUE_NAMES[key] ?? {};
}

interface JsonSchema {
  type?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
}

function render(s: JsonSchema, path: string, indent: string): string {
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) {
    const gloss = glossOf(path);
    return s.enum.map((v) => (gloss[String(v)] ? `"${v}"(${gloss[String(v)]})` : JSON.stringify(v))).join(' | ');
  }
  const alts = s.oneOf ?? s.anyOf;
  if (alts) return alts.map((a) => render(a, path, indent)).join(`\n${indent}| `);
  if (s.type === 'object' && s.properties) {
    const inner = `${indent}  `;
    const req = new Set(s.required ?? []);
    const lines = Object.entries(s.properties).map(
      ([k, v]) => `${inner}${k}${req.has(k) ? '' : '?'}: ${render(v, path ? `${path}.${k}` : k, inner)}`,
    );
    return `{\n${lines.join(',\n')}\n${indent}}`;
  }
  if (s.type === 'array' && s.items) return `[ ${render(s.items, path, indent)} ]`;
  const range = s.minimum !== undefined && s.maximum !== undefined ? ` ${s.minimum}..${s.maximum}` : '';
  return `${s.type ?? 'any'}${range}`;
}

/** The Command schema as a compact, commented type, generated from the zod schema. */
export function describeCommandSchema(): string {
  return render(z.toJSONSchema(Command, { io: 'input' }) as JsonSchema, '', '');
}

function describeRegions(g: Gazetteer): string {
  return g.regions
    .map((r) => `- ${r.id} = ${r.name} ${r.aliases.join(' ')}: ${r.places.map((p) => `${p.id}=${p.name}`).join(' ')}`)
    .join('\n');
}

function describeAwaiting(ctx: ReadContext): string {
  if (!ctx.awaiting) return '-';
  const { slot, kind, options } = ctx.awaiting;
  return [slot, kind, options?.join(' / ')].filter(Boolean).join('; ');
}

export function buildSystemPrompt(gazetteer: Gazetteer, ctx: ReadContext): string {
  const fill: Record<string, string> = {
    open: USER_OPEN,
    close: USER_CLOSE,
    schema: describeCommandSchema(),
    regions: describeRegions(gazetteer),
    uncovered: gazetteer.uncovered.map((u) => u.name).join(' '),
    today: ctx.today,
    region: ctx.region ?? '-',
    awaiting: describeAwaiting(ctx),
  };
  return loadTemplate().replace(/\{\{(\w+)\}\}/g, (_, k: string) => fill[k] ?? '');
}

/** The user message: the text between delimiters, with any delimiter look-alikes removed so it cannot break out. */
export function buildUserMessage(text: string): string {
  const clean = text.replace(/<<<|>>>/g, ' ');
  return `${USER_OPEN}\n${clean}\n${USER_CLOSE}`;
}
