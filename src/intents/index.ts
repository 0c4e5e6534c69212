// The reader: rules first, the optional LLM only when the rules are unsure.
//
// 1. The rule reader always runs first (src/intents/reader.ts over the vocabulary in knowledge/vocabulary).
// 2. The LLM is consulted only when it is configured (OPENAI_API_KEY or OPENAI_BASE_URL) AND the rule reading is
//    unsure (confidence below the floor: nothing recognised). At most one LLM call per message.
// 3. An LLM reading is accepted only if it validates against the same Reading schema (the same fixed commands).
//    On any failure (timeout, HTTP error, malformed JSON, schema violation) the rule reading is used.
// 4. The LLM only produces commands: every figure comes from the policy core.
import { join } from 'node:path';
import type { Config } from '../config';
import { DEFAULT_KNOWLEDGE_DIR } from '../policy/knowledge';
import type { Gazetteer } from '../policy/schema';
import type { ReadContext, Reader, Reading, ReadResult } from './command';
import { PAPER_THRESHOLD } from './items';
import { type AliasSource, buildLexicon, type Lexicon } from './lexicon';
import { createLlmParser, type LlmFailure, type LlmParser, llmConfigured } from './llm-parser';
import { readRules } from './reader';
import { loadVocabulary } from './vocabulary';

/** Below this rule confidence the LLM is asked. */
export const RULE_CONFIDENCE_FLOOR = 0.5;

export type LlmTrace =
  | { outcome: 'skipped'; reason: 'not_configured' | 'rule_confident' }
  | { outcome: 'accepted'; ms: number }
  | { outcome: 'failed'; failure: LlmFailure; ms: number };

export interface CombinedReadResult extends ReadResult {
  llm: LlmTrace;
}

export interface CombinedReader extends Reader {
  read(text: string, ctx: ReadContext, signal?: AbortSignal): Promise<CombinedReadResult>;
  readonly lexicon: Lexicon;
}

export interface CreateReaderOptions {
  config: Pick<Config, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'OPENAI_MODEL' | 'LLM_TIMEOUT_MS'>;
  gazetteer: Gazetteer;
  /** words written beside rules in knowledge/regions */
  aliases?: AliasSource[];
  /** knowledge/ folder (the vocabulary is its vocabulary/ subfolder) */
  knowledgeDir?: string;
  /** the LLM reader; defaults to one built from config when configured; null disables it */
  llm?: LlmParser | null;
  /** the rule reader; defaults to readRules over the lexicon (tests inject their own) */
  rule?: (text: string, ctx: ReadContext) => Reading;
}

const lexicons = new Map<string, Lexicon>();

/** The lexicon of a knowledge folder, built once per process. */
export function loadLexicon(gazetteer: Gazetteer, aliases: AliasSource[] = [], dir = DEFAULT_KNOWLEDGE_DIR): Lexicon {
  const key = `${dir}|${aliases.length}`;
  let lex = lexicons.get(key);
  if (!lex) {
    const vocabulary = loadVocabulary(join(dir, 'vocabulary'));
    if (vocabulary.paperLongAbove !== undefined) PAPER_THRESHOLD.value = vocabulary.paperLongAbove;
    lex = buildLexicon(vocabulary, gazetteer, aliases);
    lexicons.set(key, lex);
  }
  return lex;
}

export function ruleIsUnsure(r: Reading): boolean {
  return r.confidence < RULE_CONFIDENCE_FLOOR;
}

/** The LLM's commands with the rule reading's places and years put back: recognised facts first. */
export function mergeReadings(rule: Reading, llm: Reading): Reading {
  const ruleFacts = rule.commands.filter((c) => c.type === 'where' || c.type === 'year');
  const kept = llm.commands.filter((c) => !ruleFacts.some((r) => r.type === c.type));
  return { ...llm, commands: [...ruleFacts, ...kept] };
}

export function createReader(opts: CreateReaderOptions): CombinedReader {
  const lexicon = loadLexicon(opts.gazetteer, opts.aliases, opts.knowledgeDir);
  const llm =
    opts.llm === null
      ? undefined
      : (opts.llm ??
        (llmConfigured(opts.config) ? createLlmParser({ config: opts.config, gazetteer: opts.gazetteer }) : undefined));
  return {
    lexicon,
    async read(text, ctx, signal) {
      const rule = opts.rule ? opts.rule(text, ctx) : readRules(text, ctx, lexicon);
      if (!llm) return { reading: rule, by: 'rule', llm: { outcome: 'skipped', reason: 'not_configured' } };
      if (!ruleIsUnsure(rule))
        return { reading: rule, by: 'rule', llm: { outcome: 'skipped', reason: 'rule_confident' } };
      const res = await llm.parse(text, ctx, signal);
      if (!res.ok) return { reading: rule, by: 'rule', llm: { outcome: 'failed', failure: res.failure, ms: res.ms } };
      return { reading: mergeReadings(rule, res.reading), by: 'llm', llm: { outcome: 'accepted', ms: res.ms } };
    },
  };
}

export { type LlmFailure, type LlmFailureKind, type LlmParser, type LlmResult, llmConfigured } from './llm-parser';
