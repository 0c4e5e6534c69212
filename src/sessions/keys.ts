// User keys: every user is stored under "<channel>:<encoded id>", so that ids from different channels never meet
// and no user-given string can reach an internal key (lock, queue, index keys all use ':' as a separator).

/** web: the signed cookie; mp: mini-program openid; oa: Official Account openid; wx: wechaty contact;
 *  union: a WeChat unionid (the mini-program and the Official Account of one owner share it) */
export const CHANNELS = ['web', 'mp', 'oa', 'wx', 'union'] as const;
export type Channel = (typeof CHANNELS)[number];

const MAX_ID = 256;

/** The store key of one user of one channel; the id is percent-encoded (no ':', spaces or control characters). */
export function userKey(channel: Channel, id: string): string {
  if (!CHANNELS.includes(channel)) throw new RangeError(`unknown channel "${channel}"`);
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID) {
    throw new RangeError(`a ${channel} user id must be 1..${MAX_ID} characters`);
  }
  return `${channel}:${encodeURIComponent(id)}`;
}

/** Splits a user key made by userKey; undefined for anything else. */
export function parseUserKey(key: string): { channel: Channel; id: string } | undefined {
  const m = /^([a-z]+):([^:\s]+)$/.exec(key);
  if (!m || !CHANNELS.includes(m[1] as Channel)) return undefined;
  try {
    const id = decodeURIComponent(m[2]!);
    return userKey(m[1] as Channel, id) === key ? { channel: m[1] as Channel, id } : undefined;
  } catch {
    return undefined;
  }
}

export function isUserKey(key: string): boolean {
  return parseUserKey(key) !== undefined;
}
