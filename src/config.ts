// Configuration from the environment, validated once at start-up.
import { z } from 'zod';
import { ChannelEnv } from './channels/config';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  ASSISTANT_TODAY: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  REDIS_URL: z.string().optional(),
  RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(30),
  RATE_LIMIT_WINDOW: z.string().default('1 minute'),
  MAX_TEXT_LENGTH: z.coerce.number().int().min(10).default(500),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.string().optional(),
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(100).default(3000),
  /** staff tokens for the console, comma-separated, each "token" or "name:token"; unset: console off */
  CONSOLE_TOKEN: z.string().optional(),
  MEMORY_MAX_USERS: z.coerce.number().int().min(1).default(50_000),
  REDIS_TIMEOUT_MS: z.coerce.number().int().min(50).default(2000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  METRICS_TOKEN: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // deadline reminders (src/reminders): retries, how often a fixed clock is checked, whether this process delivers
  REMINDER_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  REMINDER_BACKOFF_MS: z.coerce.number().int().min(10).default(60_000),
  REMINDER_POLL_MS: z.coerce.number().int().min(50).default(15_000),
  REMINDER_WORKER: z.enum(['on', 'off']).default('on'),
  /** the mini-program subscribe-message template (订阅消息) reminders are sent with; unset: no mini-program push */
  WECHAT_REMINDER_TEMPLATE_ID: z.string().optional(),
  /** the mini-program page a subscribe message opens */
  WECHAT_REMINDER_PAGE: z.string().default('pages/chat/chat'),
  // identity, WeChat channels and abuse limits (see src/http/identity.ts, src/channels/)
  ...ChannelEnv,
});
export type Config = z.infer<typeof Env>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const r = Env.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!r.success) {
    const msg = r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`bad configuration: ${msg}`);
  }
  return r.data;
}
