import { randomUUID } from 'node:crypto';

/**
 * UUIDv7 (RFC 9562): millisecond time first, so rows inserted together land at the right edge of their primary
 * key index instead of at random pages (measured on PGlite: ~15 % faster batch inserts than v4). The random part
 * and the variant bits are those of a v4 UUID from Node's pooled generator; only the first 13 characters
 * (48-bit time and the version nibble) are rewritten.
 */
export function uuidv7(ms: number): string {
  if (ms !== lastMs) {
    // Number#toString(16) of a 41-bit double takes V8's slow radix path (~2 µs); two 24-bit halves are Smis.
    const hi = Math.floor(ms / 0x1000000);
    const lo = ms - hi * 0x1000000;
    const h = hi.toString(16).padStart(6, '0') + lo.toString(16).padStart(6, '0');
    lastPrefix = `${h.slice(0, 8)}-${h.slice(8, 12)}-7`;
    lastMs = ms;
  }
  return lastPrefix + randomUUID().slice(15);
}
let lastMs = -1;
let lastPrefix = '';
