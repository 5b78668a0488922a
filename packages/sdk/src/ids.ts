const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push((i + 0x100).toString(16).slice(1));

/**
 * A random UUID v4. `crypto.randomUUID` exists only in secure contexts (https) of browsers since 2021; old in-app
 * browsers and mini-program web-views, and pages served over plain http, lack it, so the fallback builds one from
 * `crypto.getRandomValues` (everywhere since 2014). Math.random is the last resort: these ids are idempotency keys
 * and visitor ids, not secrets, and 122 random bits collide no more often with a weaker generator.
 */
export function uuid(): string {
  const c = typeof crypto !== 'undefined' ? crypto : undefined;
  if (c && typeof c.randomUUID === 'function') {
    try {
      return c.randomUUID();
    } catch {
      // Some web-views expose randomUUID but throw outside a secure context: fall through.
    }
  }
  const b = new Uint8Array(16);
  if (c && typeof c.getRandomValues === 'function') c.getRandomValues(b);
  else for (let i = 0; i < 16; i++) b[i] = (Math.random() * 256) | 0;
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  let s = '';
  for (let i = 0; i < 16; i++) s += (i === 4 || i === 6 || i === 8 || i === 10 ? '-' : '') + HEX[b[i]];
  return s;
}
