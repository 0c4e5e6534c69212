// Official Account signatures and safe mode (消息加解密), with @wecom/crypto (WeChat's AES-256-CBC scheme).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** sha1 of the sorted token, timestamp and nonce: the `signature` on every request WeChat sends. */
export function urlSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

export function verifyUrlSignature(
  token: string,
  q: { signature?: string; timestamp?: string; nonce?: string },
): boolean {
  if (!q.signature || !q.timestamp || !q.nonce) return false;
  return sameHex(urlSignature(token, q.timestamp, q.nonce), q.signature.toLowerCase());
}

export class SafeMode {
  constructor(
    private readonly token: string,
    private readonly aesKey: string,
    private readonly appId: string,
  ) {}

  /** Verifies msg_signature over the Encrypt field and decrypts it; undefined when anything does not match. */
  open(encrypted: string, q: { msg_signature?: string; timestamp?: string; nonce?: string }): string | undefined {
    if (!q.msg_signature || !q.timestamp || !q.nonce || !encrypted) return undefined;
    if (!sameHex(getSignature(this.token, q.timestamp, q.nonce, encrypted), q.msg_signature.toLowerCase())) {
      return undefined;
    }
    try {
      const { message, id } = decrypt(this.aesKey, encrypted);
      return id === this.appId ? message : undefined;
    } catch {
      return undefined;
    }
  }

  /** Encrypts a reply XML into the envelope WeChat expects in safe mode. */
  seal(
    xml: string,
    timestamp: string,
    nonce: string,
  ): { Encrypt: string; MsgSignature: string; TimeStamp: string; Nonce: string } {
    const enc = encrypt(this.aesKey, xml, this.appId, randomBytes(16));
    return {
      Encrypt: enc,
      MsgSignature: getSignature(this.token, timestamp, nonce, enc),
      TimeStamp: timestamp,
      Nonce: nonce,
    };
  }
}
