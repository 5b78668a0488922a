import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, verify } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for a browser vendor's push service (RFC 8030), for tests: it accepts a push message only when
 * the VAPID JWT (RFC 8292) verifies with the key in the `Authorization: vapid t=…, k=…` header, names this origin as
 * `aud` and has not expired, and it decrypts the aes128gcm body (RFC 8188 / RFC 8291) with the subscription keys the
 * test generated — so a test sees exactly what the browser would, and a wrongly signed or encrypted message fails.
 */
export interface PushServiceStandIn {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** A new subscription as a browser's `PushSubscription.toJSON()` would give it, with its private side kept here. */
  subscribe(path?: string): { endpoint: string; keys: { p256dh: string; auth: string } };
  /** Accepted messages, decrypted. */
  received: Array<{ path: string; payload: string; vapidKey: string; ttl: string | undefined }>;
  /** Rejections with their reason (a bad JWT, a failed decryption…). */
  rejected: string[];
  /** Answer this status for an endpoint path from now on (404/410: the subscription is gone). */
  answer(path: string, status: number): void;
  close(): Promise<void>;
}

const b64u = (b: Buffer) => b.toString('base64url');

function verifyVapid(auth: string | undefined, origin: string, now: number): { key: string } | string {
  const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(auth ?? '');
  if (!m) return 'no vapid authorization';
  const [h, p, s] = m[1].split('.');
  if (!h || !p || !s) return 'malformed JWT';
  const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { alg?: string; typ?: string };
  if (header.alg !== 'ES256') return `alg ${header.alg}`;
  const raw = Buffer.from(m[2], 'base64url');
  if (raw.length !== 65 || raw[0] !== 4) return 'k is not an uncompressed P-256 point';
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: b64u(raw.subarray(1, 33)), y: b64u(raw.subarray(33, 65)) },
    format: 'jwk',
  });
  const ok = verify(
    'sha256',
    Buffer.from(`${h}.${p}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(s, 'base64url'),
  );
  if (!ok) return 'JWT signature does not verify';
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as {
    aud?: string;
    exp?: number;
    sub?: string;
  };
  if (claims.aud !== origin) return `aud ${claims.aud}`;
  if (!claims.exp || claims.exp * 1000 < now || claims.exp * 1000 > now + 24 * 3600 * 1000) return 'exp out of range';
  if (!claims.sub || !/^(mailto:|https:)/.test(claims.sub)) return 'sub is not mailto: or https:';
  return { key: m[2] };
}

/** RFC 8291 decryption of one aes128gcm message with the user agent's private key and auth secret. */
function decrypt(body: Buffer, ua: ReturnType<typeof createECDH>, authSecret: Buffer): string {
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20];
  const asPublic = body.subarray(21, 21 + idlen);
  const records = body.subarray(21 + idlen);
  if (records.length > rs) throw new Error('more than one record');
  const uaPublic = ua.getPublicKey();
  const ecdhSecret = ua.computeSecret(asPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, asPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(records.subarray(records.length - 16));
  const plain = Buffer.concat([decipher.update(records.subarray(0, records.length - 16)), decipher.final()]);
  let end = plain.length - 1;
  while (end >= 0 && plain[end] === 0) end--;
  if (plain[end] !== 2) throw new Error('no last-record delimiter');
  return plain.subarray(0, end).toString('utf8');
}

/** Starts the stand-in on 127.0.0.1 (tests allow-list it in the outbound policy). */
export async function startPushService(): Promise<PushServiceStandIn> {
  const subs = new Map<string, { ua: ReturnType<typeof createECDH>; auth: Buffer }>();
  const answers = new Map<string, number>();
  const received: PushServiceStandIn['received'] = [];
  const rejected: string[] = [];
  let origin = '';
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      const reject = (status: number, why: string) => {
        rejected.push(why);
        res.writeHead(status).end(why);
      };
      const forced = answers.get(path);
      if (forced) return void res.writeHead(forced).end();
      const sub = subs.get(path);
      if (req.method !== 'POST' || !sub) return reject(404, `no subscription at ${path}`);
      if (req.headers['content-encoding'] !== 'aes128gcm') return reject(400, 'content-encoding is not aes128gcm');
      const v = verifyVapid(req.headers.authorization, origin, Date.now());
      if (typeof v === 'string') return reject(403, v);
      try {
        const payload = decrypt(Buffer.concat(chunks), sub.ua, sub.auth);
        received.push({ path, payload, vapidKey: v.key, ttl: req.headers.ttl as string | undefined });
        res.writeHead(201).end();
      } catch (err) {
        reject(400, `cannot decrypt: ${(err as Error).message}`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    received,
    rejected,
    subscribe(path = `/push/${b64u(randomBytes(9))}`) {
      const ua = createECDH('prime256v1');
      ua.generateKeys();
      const auth = randomBytes(16);
      subs.set(path, { ua, auth });
      return { endpoint: `${origin}${path}`, keys: { p256dh: b64u(ua.getPublicKey()), auth: b64u(auth) } };
    },
    answer: (path, status) => void answers.set(path, status),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
