// Where the assistant's server is. In the mini-program admin console this host must be listed as a
// "request 合法域名" (server domain), over https.
export const API_BASE = 'https://jxjy.example.gov.cn';
/** how long to wait for one answer */
export const REQUEST_TIMEOUT_MS = 20000;
/** how many messages of the visible history are kept on the phone */
export const HISTORY_LIMIT = 60;
/** the subscribe-message template of deadline reminders (小程序后台 → 订阅消息); the server's WECHAT_REMINDER_TEMPLATE_ID */
export const REMINDER_TEMPLATE_ID = '';
