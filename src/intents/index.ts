// The combined parser: deterministic rules first, the optional LLM only as a fallback.
//
// Parsing policy
// 1. The rule parser always runs first.
// 2. The LLM is consulted only when it is configured (OPENAI_API_KEY or OPENAI_BASE_URL set) AND the rule parser
//    is unsure: its command has confidence < 0.5, or it is `out_of_scope` with no slots (the rule parser found
//    nothing it knows). A confident rule command, including policy_question, never waits for the LLM.
// 3. An LLM command is accepted only if it is a JSON object that validates against the Command schema. On any
//    failure (timeout, HTTP error, malformed JSON, schema violation) the rule command is used, and the result
//    records why (`llm.outcome = 'failed'`, `llm.failure.kind`).
// 4. When both have them, the rule parser's `where` and `year` slots win over the LLM's: recognised facts first.
// 5. The LLM only produces a command. It never sees or states a policy figure: hours, deadlines and phone
//    numbers come only from the policy core, so instructions hidden in a user's text cannot change an answer.
//    Its free-text fields are replaced or checked (see llm-parser.ts) and its confidence is capped at 0.8.
import type { Config } from '../config';
import type { Gazetteer } from '../policy/schema';
import type { Command, ParseContext, ParseResult, Parser } from './command';
import { createLlmParser, type LlmFailure, type LlmParser, llmConfigured } from './llm-parser';

export type RuleParseFn = (text: string, ctx: ParseContext, gazetteer: Gazetteer) => Command;

/** Below this rule confidence the LLM is asked. */
export const RULE_CONFIDENCE_FLOOR = 0.5;

export type LlmTrace =
  | { outcome: 'skipped'; reason: 'not_configured' | 'rule_confident' }
  | { outcome: 'accepted'; ms: number }
  | { outcome: 'failed'; failure: LlmFailure; ms: number };

export interface CombinedParseResult extends ParseResult {
  llm: LlmTrace;
}

export interface CombinedParser extends Parser {
  parse(text: string, ctx: ParseContext): Promise<CombinedParseResult>;
}

export interface CreateParserOptions {
  config: Pick<Config, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'OPENAI_MODEL' | 'LLM_TIMEOUT_MS'>;
  gazetteer: Gazetteer;
  /** the rule parser; defaults to parseRule from ./rule-parser */
  rule?: RuleParseFn;
  /** the LLM parser; defaults to one built from config when configured; null disables it */
  llm?: LlmParser | null;
}

/** Whether the rule command is unsure enough to ask the LLM. */
export function ruleIsUnsure(cmd: Command): boolean {
  if (cmd.confidence < RULE_CONFIDENCE_FLOOR) return true;
  return cmd.intent === 'out_of_scope' && Object.keys(cmd.slots).length === 0;
}

/** The LLM command with the rule command's recognised where/year put back. */
export function mergeCommands(rule: Command, llm: Command): Command {
  const slots = { ...llm.slots };
  if (rule.slots.where && Object.keys(rule.slots.where).length) slots.where = rule.slots.where;
  if (rule.slots.year !== undefined) slots.year = rule.slots.year;
  return { ...llm, slots };
}

// Loaded on first use, so an injected rule parser needs no rule-parser module.
let defaultRule: Promise<RuleParseFn> | undefined;
const loadDefaultRule = () => {
  defaultRule ??= import('./rule-parser').then((m) => m.parseRule);
  return defaultRule;
};

export function createParser(opts: CreateParserOptions): CombinedParser {
  const { config, gazetteer } = opts;
  const llm =
    opts.llm === null
      ? undefined
      : (opts.llm ?? (llmConfigured(config) ? createLlmParser({ config, gazetteer }) : undefined));

  return {
    async parse(text, ctx) {
      const rule = opts.rule ?? (await loadDefaultRule());
      const ruleCmd = rule(text, ctx, gazetteer);
      if (!llm) return { command: ruleCmd, by: 'rule', llm: { outcome: 'skipped', reason: 'not_configured' } };
      if (!ruleIsUnsure(ruleCmd)) {
        return { command: ruleCmd, by: 'rule', llm: { outcome: 'skipped', reason: 'rule_confident' } };
      }
      const res = await llm.parse(text, ctx);
      if (!res.ok)
        return { command: ruleCmd, by: 'rule', llm: { outcome: 'failed', failure: res.failure, ms: res.ms } };
      return { command: mergeCommands(ruleCmd, res.command), by: 'llm', llm: { outcome: 'accepted', ms: res.ms } };
    },
  };
}

export { type LlmFailure, type LlmFailureKind, type LlmParser, type LlmResult, llmConfigured } from './llm-parser';
