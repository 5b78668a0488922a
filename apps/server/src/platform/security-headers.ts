import type { FastifyInstance } from 'fastify';

/**
 * The console's Content-Security-Policy: everything loads from the server itself. Styles allow 'unsafe-inline'
 * because Ant Design (CSS-in-JS) inserts <style> elements and ECharts/antd set style attributes; scripts do not —
 * no inline script, no eval, no external host. Nobody may frame the console (clickjacking).
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The respondent page's policy. Survey HTML is sanitised on save and again in the page; this is the third wall:
 * no inline script or handler runs even if both missed one. Images may come from https hosts and data: URLs
 * (authors put logos in html elements). `frameAncestors` is the tenant's list (`'none'` when empty).
 */
export function surveyCsp(frameAncestors: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors.length ? frameAncestors.join(' ') : "'none'"}`,
  ].join('; ');
}

export interface SecurityHeaderOptions {
  /** Public base URL: HSTS is sent when it is https. */
  publicUrl: string;
}

/**
 * Adds the security headers to every response (API, console, survey page, errors). A route that needs its own
 * CSP, frame policy or referrer policy (the survey page) sets the header itself; this hook fills in only what is
 * missing.
 */
export function registerSecurityHeaders(app: FastifyInstance, opts: SecurityHeaderOptions) {
  const https = opts.publicUrl.startsWith('https:');
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    if (!reply.hasHeader('referrer-policy')) reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    if (!reply.hasHeader('content-security-policy')) {
      reply.header('content-security-policy', CONSOLE_CSP);
      reply.header('x-frame-options', 'DENY');
    }
    if (https) reply.header('strict-transport-security', 'max-age=31536000');
    return payload;
  });
}
