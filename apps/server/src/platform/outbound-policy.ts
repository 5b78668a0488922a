import { isIP } from 'node:net';

/**
 * Which destinations outbound HTTP may reach (see outbound.ts). Pure functions over addresses, so every form an
 * attacker can write is tested without a network: the URL parser has already turned 2130706433, 0x7f000001, 127.1
 * and 0177.0.0.1 into 127.0.0.1 by the time an address gets here, and DNS answers arrive as plain addresses.
 */

/** Why an address is refused, or `public` when it is globally routable. */
export type AddressKind =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'shared (carrier-grade NAT)'
  | 'multicast'
  | 'documentation'
  | 'reserved';

interface Cidr {
  bytes: Uint8Array;
  prefix: number;
}

/** The operator's exceptions (`LOOPCX_OUTBOUND_ALLOW`), parsed once. */
export interface OutboundAllowList {
  /** Lower-case ASCII host names allowed wherever they resolve. */
  hosts: ReadonlySet<string>;
  ranges: readonly Cidr[];
}

function v4Bytes(ip: string): Uint8Array {
  return Uint8Array.from(ip.split('.').map(Number));
}

/** IPv6 text (already checked by `isIP`) to 16 bytes; a dotted IPv4 tail becomes the last two groups. */
function v6Bytes(text: string): Uint8Array {
  let s = text.replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const b = v4Bytes(dotted[1]);
    s = `${s.slice(0, dotted.index)}${((b[0] << 8) | b[1]).toString(16)}:${((b[2] << 8) | b[3]).toString(16)}`;
  }
  const [head, tail] = s.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const n = Number.parseInt(g, 16);
    out[i * 2] = n >> 8;
    out[i * 2 + 1] = n & 0xff;
  });
  return out;
}

/**
 * An address as bytes, IPv4-mapped IPv6 (`::ffff:127.0.0.1`) folded to its IPv4 form so one rule and one
 * allow-list entry cover both spellings. `undefined` when the text is not an IP address.
 */
export function addressBytes(ip: string): Uint8Array | undefined {
  const bare = ip.replace(/^\[|\]$/g, '');
  const family = isIP(bare.replace(/%.*$/, ''));
  if (family === 4) return v4Bytes(bare);
  if (family !== 6) return undefined;
  const b = v6Bytes(bare);
  const mapped = b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
  return mapped ? b.slice(12) : b;
}

function cidr(text: string): Cidr {
  const [ip, bits] = text.split('/');
  const bytes = addressBytes(ip);
  if (!bytes) throw new Error(`"${text}" is not a CIDR`);
  return { bytes, prefix: Number(bits) };
}

function within(bytes: Uint8Array, range: Cidr): boolean {
  if (bytes.length !== range.bytes.length) return false;
  const whole = range.prefix >> 3;
  for (let i = 0; i < whole; i++) if (bytes[i] !== range.bytes[i]) return false;
  const rest = range.prefix & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (bytes[whole] & mask) === (range.bytes[whole] & mask);
}

// IANA special-purpose registries (RFC 6890 and successors): nothing here is a webhook receiver on the Internet.
// Cloud metadata endpoints fall inside them: 169.254.169.254 (AWS, GCP, Azure), 100.100.100.200 (Alibaba),
// 192.0.0.192 (Oracle), fd00:ec2::254 (AWS IPv6).
const V4: Array<[Cidr, AddressKind]> = (
  [
    ['0.0.0.0/8', 'unspecified'],
    ['10.0.0.0/8', 'private'],
    ['100.64.0.0/10', 'shared (carrier-grade NAT)'],
    ['127.0.0.0/8', 'loopback'],
    ['169.254.0.0/16', 'link-local'],
    ['172.16.0.0/12', 'private'],
    ['192.0.0.0/24', 'reserved'],
    ['192.0.2.0/24', 'documentation'],
    ['192.88.99.0/24', 'reserved'],
    ['192.168.0.0/16', 'private'],
    ['198.18.0.0/15', 'reserved'],
    ['198.51.100.0/24', 'documentation'],
    ['203.0.113.0/24', 'documentation'],
    ['224.0.0.0/4', 'multicast'],
    ['240.0.0.0/4', 'reserved'],
  ] as const
).map(([c, kind]) => [cidr(c), kind]);

const V6: Array<[Cidr, AddressKind]> = (
  [
    ['::/128', 'unspecified'],
    ['::1/128', 'loopback'],
    ['fc00::/7', 'private'],
    ['fec0::/10', 'private'],
    ['fe80::/10', 'link-local'],
    ['ff00::/8', 'multicast'],
    ['2001:db8::/32', 'documentation'],
    ['3fff::/20', 'documentation'],
    // IETF protocol assignments: Teredo, ORCHID, AMT… tunnels and identifiers, not receivers.
    ['2001::/23', 'reserved'],
  ] as const
).map(([c, kind]) => [cidr(c), kind]);

// Only 2000::/3 is allocated for global unicast; everything outside it (and not named above) is reserved.
const GLOBAL_UNICAST = cidr('2000::/3');
// Prefixes that carry an IPv4 address: judged by that address, so 64:ff9b::7f00:1 is loopback through NAT64.
const NAT64 = cidr('64:ff9b::/96');
const SIX_TO_FOUR = cidr('2002::/16');

function kindOfBytes(b: Uint8Array): AddressKind {
  if (b.length === 4) return V4.find(([range]) => within(b, range))?.[1] ?? 'public';
  if (within(b, NAT64)) return kindOfBytes(b.slice(12));
  if (within(b, SIX_TO_FOUR)) return kindOfBytes(b.slice(2, 6));
  const named = V6.find(([range]) => within(b, range))?.[1];
  if (named) return named;
  return within(b, GLOBAL_UNICAST) ? 'public' : 'reserved';
}

/** What an IP address is, for the refusal rules; throws on text that is not an IP address. */
export function addressKind(ip: string): AddressKind {
  const b = addressBytes(ip);
  if (!b) throw new Error(`${ip} is not an IP address`);
  return kindOfBytes(b);
}

/** True when `ip` lies in one of the allow-list's ranges. */
export function inAllowedRange(ip: string, allow: OutboundAllowList): boolean {
  const b = addressBytes(ip);
  return b !== undefined && allow.ranges.some((r) => within(b, r));
}

/** True when the (WHATWG-normalised) host name of a URL is named on the allow-list. */
export function isAllowedHost(hostname: string, allow: OutboundAllowList): boolean {
  return allow.hosts.has(hostname.toLowerCase().replace(/\.$/, ''));
}

/**
 * Parses `LOOPCX_OUTBOUND_ALLOW` entries: CIDRs (`10.0.0.0/8`, `fd00::/8`), single addresses (`127.0.0.1`) and host
 * names (`hooks.internal`). A host name entry is normalised by the URL parser, so `127.1` means 127.0.0.1 as it
 * would in a URL. Throws on anything else, so a typo stops the server at start instead of silently allowing less.
 */
export function parseAllowList(entries: readonly string[]): OutboundAllowList {
  const hosts = new Set<string>();
  const ranges: Cidr[] = [];
  for (const raw of entries) {
    const entry = raw.trim();
    if (!entry) continue;
    const bad = () => new Error(`LOOPCX_OUTBOUND_ALLOW: "${entry}" is not a CIDR, an IP address or a host name`);
    if (entry.includes('/')) {
      const [ip, bits, extra] = entry.split('/');
      const bytes = addressBytes(ip);
      const max = bytes?.length === 4 && isIP(ip) === 4 ? 32 : 128;
      if (!bytes || extra !== undefined || !/^\d{1,3}$/.test(bits) || Number(bits) > max) throw bad();
      // A mapped IPv6 range (::ffff:10.0.0.0/104) is stored as its IPv4 range, like the addresses it matches.
      const prefix = bytes.length === 4 && max === 128 ? Number(bits) - 96 : Number(bits);
      if (prefix < 0) throw bad();
      ranges.push({ bytes, prefix });
      continue;
    }
    const direct = addressBytes(entry);
    if (direct) {
      ranges.push({ bytes: direct, prefix: direct.length * 8 });
      continue;
    }
    if (/[\s:@?#\\]/.test(entry)) throw bad();
    let hostname: string;
    try {
      hostname = new URL(`http://${entry}/`).hostname;
    } catch {
      throw bad();
    }
    const numeric = addressBytes(hostname);
    if (numeric) ranges.push({ bytes: numeric, prefix: numeric.length * 8 });
    else hosts.add(hostname.replace(/\.$/, ''));
  }
  return { hosts, ranges };
}
