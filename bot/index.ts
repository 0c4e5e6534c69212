// `npm run bot`: the WeChat entry.
//
// The puppet comes from WECHATY_PUPPET (default "wechaty-puppet-mock", which starts without a login and
// receives no real messages). A real account needs a real puppet package installed, and that puppet
// reads its own token, e.g. WECHATY_PUPPET=wechaty-puppet-service with WECHATY_PUPPET_SERVICE_TOKEN=<token>.
// On start the login QR code URL is logged; scan it with the WeChat account the bot runs as.
import { qrcodeValueToImageUrl, ScanStatus, WechatyBuilder } from 'wechaty';
import { createChatService } from '../src/chat/service';
import { clockFromEnv } from '../src/clock';
import { loadConfig } from '../src/config';
import { createReader } from '../src/intents';
import { createPolicy } from '../src/policy';
import { loadKnowledge } from '../src/policy/knowledge';
import { createScheduler } from '../src/reminders';
import { createStore } from '../src/sessions';
import { guardOptions } from './guard';
import { createMessageHandler } from './handler';
import { wechatySender } from './reminders';

const config = loadConfig();
const clock = clockFromEnv(config.ASSISTANT_TODAY ? { ASSISTANT_TODAY: config.ASSISTANT_TODAY } : {});
const kb = loadKnowledge();
const store = createStore({ redisUrl: config.REDIS_URL });
const log = {
  warn: (obj: unknown, msg?: string) => console.warn('[bot]', msg ?? '', obj),
  error: (obj: unknown, msg?: string) => console.error('[bot]', msg ?? '', obj),
};
const policy = createPolicy(kb);
const chat = createChatService({
  policy,
  reader: createReader({ config, gazetteer: kb.gazetteer }),
  store,
  clock,
  maxTextLength: config.MAX_TEXT_LENGTH,
  scheduler: createScheduler(config, clock),
  log,
});

const puppet = process.env.WECHATY_PUPPET?.trim() || 'wechaty-puppet-mock';
const bot = WechatyBuilder.build({ name: 'jxjy-assistant', puppet: puppet as any });

bot
  .on('scan', (qrcode, status) => {
    if (status === ScanStatus.Waiting || status === ScanStatus.Timeout) {
      console.info(`[bot] 请用微信扫码登录：${qrcodeValueToImageUrl(qrcode)}`);
    } else {
      console.info(`[bot] scan status: ${ScanStatus[status]}`);
    }
  })
  .on('login', (user) => {
    console.info(`[bot] logged in as ${user.name()}`);
    // deadline reminders of the bot's contacts: delayed jobs (BullMQ with REDIS_URL), each delivered once
    if (!remindersOn) {
      remindersOn = true;
      chat.reminders.setSender('wx', wechatySender(bot));
      chat.reminders.start(['wx']);
    }
  })
  .on('logout', (user) => console.info(`[bot] logged out: ${user.name()}`))
  .on('error', (err) => console.error('[bot] wechaty error:', err))
  .on(
    'message',
    createMessageHandler(chat, {
      ...guardOptions(config, store),
      onError: (err, message) => log.error({ err: String(err), messageId: message.id }, 'message handling failed'),
    }),
  );

let remindersOn = false;
let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.info(`[bot] ${signal}: stopping`);
  try {
    await chat.reminders.close();
    await bot.stop();
    await store.close();
  } finally {
    process.exit(0);
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

await bot.start();
console.info(`[bot] started with puppet ${puppet}; waiting for login`);
