// Where the assistant's server is. In the mini-program admin console this host must be listed as a
// "request 合法域名" (server domain), over https.
export const API_BASE = 'https://jxjy.example.gov.cn';
/** how long to wait for one answer */
export const REQUEST_TIMEOUT_MS = 20000;
/** how many messages of the visible history are kept on the phone */
export const HISTORY_LIMIT = 60;
