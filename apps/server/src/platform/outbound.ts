import { lookup as dnsLookup } from 'node:dns/promises';
import { createReadStream } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Config } from './config.ts';
import { AppError } from './errors.ts';
import {
  addressBytes,
  addressKind,
  inAllowedRange,
  isAllowedHost,
  type OutboundAllowList,
  parseAllowList,
} from './outbound-policy.ts';

/**
 * The one way loopcx sends HTTP to an address a user typed (alert webhooks today; webhook subscriptions, channel
 * adapters and exports later). A tenant admin must not be able to make the server talk to itself, its network or
 * the cloud metadata endpoint (SSRF), so every request is checked when it is sent, not when the URL is saved:
 *
 * - only `http:` and `https:`; URLs with credentials (`https://user:pass@…`) are refused rather than stripped —
 *   they would be stored in notification rows and shown in the outbox, and a receiver authenticates loopcx by the
 *   signature header instead;
 * - the host is normalised by the WHATWG URL parser (2130706433, 0x7f000001, 127.1, 0177.0.0.1 → 127.0.0.1), a name
 *   is resolved once, every address it resolves to must be public (outbound-policy.ts), and the socket connects to
 *   the address that was checked (a custom `lookup`), so a DNS answer that changes between check and connect
 *   (rebinding) cannot move the request;
 * - redirects are never followed: a 3xx is returned as the answer (a webhook counts it as a failed delivery), so a
 *   public receiver cannot bounce the request to an internal one;
 * - one deadline covers resolution, connection and the whole response, and at most `maxResponseBytes` of the body
 *   are read before the connection is dropped;
 * - by default every request opens its own connection; with `keepAlive` (webhook deliveries: thousands per second
 *   to the same receivers) connections are pooled in one agent per checked address, whose sockets can only ever
 *   have been connected to that address. The name is still resolved and checked on every request, and the agent is
 *   chosen by the address that check admitted, so a pooled socket is reused only when the name still resolves to
 *   the address it is connected to: rebinding gets a refusal or a new connection to the newly checked address.
 *
 * Operators open holes with `LOOPCX_OUTBOUND_ALLOW` (config.ts). Nothing here logs, and error messages name only the
 * destination's origin: paths and queries often carry tokens (e.g. chat-robot webhook keys), headers carry signatures.
 */

/** The destination is not allowed (scheme, credentials, or an address outside the public Internet). */
export class OutboundRefused extends AppError {
  constructor(detail: string) {
    super('invalid', detail);
    this.name = 'OutboundRefused';
  }
}

/** The destination was allowed but did not answer in time, or the connection failed. */
export class OutboundFailed extends AppError {
  constructor(detail: string, cause?: unknown) {
    super('unavailable', detail);
    this.name = 'OutboundFailed';
    if (cause !== undefined) this.cause = cause;
  }
}

/** Resolves a host name to every address it has (the default is the system resolver, like any client). */
export type OutboundResolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

/** Options of one outbound request. */
export interface OutboundRequestOptions {
  /** Default `GET`. */
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** A file streamed as the body instead of `body` (large uploads such as export files never sit in memory). */
  bodyFile?: { path: string; size: number };
  /** Deadline for the whole exchange, resolution included. Default 10 s. */
  timeoutMs?: number;
  /** Bytes of the response body read at most; the rest is never downloaded. Default 64 KiB. */
  maxResponseBytes?: number;
  /** Replaces the system resolver (tests: a name that resolves to a private address). */
  resolve?: OutboundResolver;
  /**
   * Reuse connections to the same checked address (see above). For senders of many requests to few receivers;
   * the default is a fresh connection per request.
   */
  keepAlive?: boolean;
}

/** What came back. A 3xx is an answer like any other: its `location` is not followed. */
export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as UTF-8 text, cut at `maxResponseBytes`. */
  body: string;
  /** True when the body was longer than `maxResponseBytes` and was cut. */
  truncated: boolean;
}

/** Where the allow-list comes from: the application context or just its configuration. */
export type OutboundSource = { config: Pick<Config, 'outboundAllow'> } | Pick<Config, 'outboundAllow'>;

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

// Configurations are long-lived objects; the parsed list is kept per entry array instead of re-parsed per request.
const parsedLists = new WeakMap<readonly string[], OutboundAllowList>();

function allowListOf(source: OutboundSource): OutboundAllowList {
  const entries = ('config' in source ? source.config : source).outboundAllow ?? [];
  let parsed = parsedLists.get(entries);
  if (!parsed) {
    parsed = parseAllowList(entries);
    parsedLists.set(entries, parsed);
  }
  return parsed;
}

const systemResolver: OutboundResolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** The URL, parsed and checked for everything that does not need DNS. */
function parseTarget(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundRefused('Outbound request refused: the URL is not valid');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OutboundRefused(`Outbound request refused: only http and https URLs are allowed, not ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw new OutboundRefused(`Outbound request refused: ${url.origin} carries credentials in the URL`);
  }
  return url;
}

/**
 * The address to connect to: the literal IP of the URL, or the first address the name resolves to, after every
 * one of them passed the rules. An allow-listed host name may resolve anywhere; otherwise each address must be
 * public or inside an allow-listed range.
 */
async function checkedAddress(
  url: URL,
  allow: OutboundAllowList,
  resolve: OutboundResolver,
): Promise<{ address: string; family: number }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = addressBytes(host);
  let addresses: Array<{ address: string; family: number }>;
  if (literal) addresses = [{ address: host, family: literal.length === 4 && !host.includes(':') ? 4 : 6 }];
  else {
    try {
      addresses = await resolve(host);
    } catch (err) {
      throw new OutboundFailed(`Outbound request to ${url.origin} failed: its host name did not resolve`, err);
    }
    if (addresses.length === 0) {
      throw new OutboundFailed(`Outbound request to ${url.origin} failed: its host name did not resolve`);
    }
  }
  if (!literal && isAllowedHost(host, allow)) return addresses[0];
  for (const { address } of addresses) {
    const kind = addressKind(address);
    if (kind !== 'public' && !inAllowedRange(address, allow)) {
      throw new OutboundRefused(
        `Outbound request refused: ${url.origin} ${literal ? 'is' : `resolves to ${address},`} a ${kind} address` +
          ' (LOOPCX_OUTBOUND_ALLOW can allow it)',
      );
    }
  }
  return addresses[0];
}

/**
 * Sends one HTTP request to a user-supplied URL under the rules above and returns the answer, whatever its status.
 * Throws `OutboundRefused` before any connection when the destination is not allowed, and `OutboundFailed` on a
 * timeout or a network error.
 */
export async function outboundRequest(
  source: OutboundSource,
  rawUrl: string,
  opts: OutboundRequestOptions = {},
): Promise<OutboundResponse> {
  const url = parseTarget(rawUrl);
  const allow = allowListOf(source);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  const timedOut = () => new OutboundFailed(`Outbound request to ${url.origin} timed out after ${timeoutMs} ms`);
  try {
    const target = await Promise.race([
      checkedAddress(url, allow, opts.resolve ?? systemResolver),
      new Promise<never>((_, reject) => deadline.signal.addEventListener('abort', () => reject(timedOut()))),
    ]);
    return await exchange(url, target, opts, deadline.signal, timedOut);
  } finally {
    clearTimeout(timer);
  }
}

/** Pooled connections per checked address: at most this many agents are kept (the oldest is forgotten first). */
const MAX_AGENTS = 256;
/**
 * An idle pooled socket is closed after this long, below the 5 s idle timeout of Node's and most servers' keep-alive,
 * so a request rarely picks a socket the receiver is closing (a `Keep-Alive: timeout=n` hint shortens it further).
 */
const IDLE_SOCKET_MS = 4_000;
const agents = new Map<string, HttpAgent>();

/** The lookup that answers every name with the checked address (Host and TLS SNI keep the name). */
function pinnedLookup(target: { address: string; family: number }): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) (callback as (e: null, a: (typeof target)[]) => void)(null, [target]);
    else callback(null, target.address, target.family);
  };
}

/**
 * The keep-alive agent of one checked address. Its own options carry the pinned lookup, and Node lets agent options
 * win over request options, so every socket it ever creates connects to `target.address`. A forgotten agent is not
 * destroyed: its requests in flight finish and its idle sockets close on their idle timeout.
 */
function agentFor(protocol: string, target: { address: string; family: number }): HttpAgent {
  const key = `${protocol}//${target.family}/${target.address}`;
  let agent = agents.get(key);
  if (agent) {
    // Most recently used last, so the oldest is the first forgotten.
    agents.delete(key);
    agents.set(key, agent);
    return agent;
  }
  const options = {
    keepAlive: true,
    timeout: IDLE_SOCKET_MS,
    maxFreeSockets: 64,
    scheduling: 'lifo' as const,
    lookup: pinnedLookup(target),
  };
  agent = protocol === 'https:' ? new HttpsAgent(options) : new HttpAgent(options);
  agents.set(key, agent);
  if (agents.size > MAX_AGENTS) agents.delete(agents.keys().next().value as string);
  return agent;
}

function exchange(
  url: URL,
  target: { address: string; family: number },
  opts: OutboundRequestOptions,
  signal: AbortSignal,
  timedOut: () => OutboundFailed,
): Promise<OutboundResponse> {
  // An abort that fired before the listener below exists would never be heard: the deadline must hold anyway.
  if (signal.aborted) return Promise.reject(timedOut());
  const limit = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  // Whatever name Node asks for, the socket goes to the address that was checked (Host and TLS SNI keep the name).
  const pinned = pinnedLookup(target);
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      fn();
    };
    const headers: Record<string, string | number> = { ...opts.headers };
    if (opts.bodyFile) headers['content-length'] = opts.bodyFile.size;
    else if (opts.body !== undefined) headers['content-length'] = Buffer.byteLength(opts.body);
    // A fresh connection per request (agent: false) unless asked to pool: then the agent of the checked address.
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
      method: opts.method ?? 'GET',
      headers,
      agent: opts.keepAlive ? agentFor(url.protocol, target) : false,
      lookup: pinned,
    });
    const onAbort = () => {
      const err = timedOut();
      settle(() => reject(err));
      req.destroy(err);
    };
    signal.addEventListener('abort', onAbort);
    req.on('error', (err) =>
      settle(() =>
        reject(
          err instanceof AppError
            ? err
            : new OutboundFailed(
                `Outbound request to ${url.origin} failed: ${(err as NodeJS.ErrnoException).code ?? 'network error'}`,
                err,
              ),
        ),
      ),
    );
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = (truncated: boolean) =>
        settle(() =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            truncated,
          }),
        );
      res.on('data', (chunk: Buffer) => {
        if (settled) return;
        if (size + chunk.length > limit) {
          chunks.push(chunk.subarray(0, limit - size));
          done(true);
          // Stop downloading: the rest of a large body is never read.
          res.destroy();
          req.destroy();
          return;
        }
        chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => done(false));
      // A connection closed before the body ended (no 'end') is a failed exchange, not a short answer.
      res.on('close', () =>
        settle(() => reject(new OutboundFailed(`Outbound request to ${url.origin} failed: the answer was cut off`))),
      );
      res.on('error', (err) =>
        settle(() => reject(new OutboundFailed(`Outbound request to ${url.origin} failed`, err))),
      );
    });
    if (opts.bodyFile) {
      const file = createReadStream(opts.bodyFile.path);
      file.on('error', (err) => req.destroy(err));
      file.pipe(req);
    } else req.end(opts.body);
  });
}

/**
 * The address a non-HTTP client (SMTP) may connect to for a user-supplied host name, under the same rules as
 * `outboundRequest`: the caller connects to the returned address (keeping the name for TLS), never to the name,
 * so the answer checked is the answer used. Throws `OutboundRefused` / `OutboundFailed` like `outboundRequest`.
 */
export async function checkedOutboundHost(
  source: OutboundSource,
  host: string,
  opts: { resolve?: OutboundResolver } = {},
): Promise<{ address: string; family: number }> {
  const bare = host.replace(/^\[|\]$/g, '');
  const url = parseTarget(`http://${bare.includes(':') ? `[${bare}]` : bare}/`);
  return checkedAddress(url, allowListOf(source), opts.resolve ?? systemResolver);
}
