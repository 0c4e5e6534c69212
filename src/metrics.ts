// Process-wide counters and histograms (prom-client), served by GET /metrics. Any module may import and update them:
//   import { metrics } from '../metrics';  metrics.remindersSent.inc({ channel: 'wechat' });
// They are created once per process in their own registry, so several apps in one process (tests) share them.
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export const registry = new Registry();

export const metrics = {
  /** chat turns handled, by channel and outcome (answered, busy, error) */
  turns: new Counter({
    name: 'jxjy_chat_turns_total',
    help: 'Chat turns handled',
    labelNames: ['channel', 'outcome'] as const,
    registers: [registry],
  }),
  /** wall time of one chat turn, store included */
  turnSeconds: new Histogram({
    name: 'jxjy_chat_turn_seconds',
    help: 'Time to answer one chat turn',
    labelNames: ['channel'] as const,
    buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  }),
  /** which reader produced the command of a parse: the rule parser or the LLM */
  parserPath: new Counter({
    name: 'jxjy_parser_path_total',
    help: 'Messages read, by the parser that produced the command',
    labelNames: ['path'] as const,
    registers: [registry],
  }),
  /** session store faults by phase (take the turn, read, write) and kind (unavailable, reply, busy) */
  storeErrors: new Counter({
    name: 'jxjy_store_errors_total',
    help: 'Session store faults survived (the turn was answered without memory or without saving)',
    labelNames: ['phase', 'kind'] as const,
    registers: [registry],
  }),
  /** deadline reminders delivered, by channel */
  remindersSent: new Counter({
    name: 'jxjy_reminders_sent_total',
    help: 'Deadline reminders delivered',
    labelNames: ['channel'] as const,
    registers: [registry],
  }),
  remindersFailed: new Counter({
    name: 'jxjy_reminders_failed_total',
    help: 'Deadline reminders that gave up after every retry',
    labelNames: ['channel'] as const,
    registers: [registry],
  }),
};

let defaults = false;

/** Adds the process metrics (CPU, RSS, heap, event-loop lag) to the registry, once. */
export function collectProcessMetrics(): void {
  if (defaults) return;
  defaults = true;
  collectDefaultMetrics({ register: registry, prefix: 'jxjy_' });
}
