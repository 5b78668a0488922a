import { z } from 'zod';

/**
 * The domains an API key's scopes name: one per tag of the private API (each route's first OpenAPI tag is its
 * domain). `key-scopes.test.ts` walks the route table and fails on a route whose domain is missing here, so a new
 * capability cannot ship routes a scoped key can never reach by accident — nor ones it reaches unchecked.
 */
export const API_SCOPE_DOMAINS = [
  'actions',
  'alerts',
  'api-keys',
  'audit',
  'auth',
  'customers',
  'dashboards',
  'events',
  'export-schedules',
  'feedback',
  'feedback-connectors',
  'home',
  'inspections',
  'intercepts',
  'journeys',
  'metrics',
  'org',
  'problems',
  'products',
  'reach',
  'reports',
  'responses',
  'sdk-keys',
  'security',
  'sso',
  'stream',
  'surveys',
  'teams',
  'tenant',
  'text',
  'tickets',
  'users',
  'webhooks',
  'wechat',
] as const;
export type TApiScopeDomain = (typeof API_SCOPE_DOMAINS)[number];

/** Read (GET and read-only POSTs) or write (everything else); write includes read. */
export const API_SCOPE_ACCESS = ['read', 'write'] as const;
export type TApiScopeAccess = (typeof API_SCOPE_ACCESS)[number];

const DOMAIN_SET = new Set<string>(API_SCOPE_DOMAINS);

/** One scope: `<domain>:read`, `<domain>:write`, or `*:read` / `*:write` for every domain. */
export const ZApiKeyScope = z
  .string()
  .max(40)
  .refine((s) => {
    const [domain, access, extra] = s.split(':');
    return (
      extra === undefined && (domain === '*' || DOMAIN_SET.has(domain)) && (access === 'read' || access === 'write')
    );
  }, 'a scope is <domain>:read or <domain>:write (domain one of the API tags, or *)');

/**
 * Whether a key's scopes let it call a route of `domain` with `access`. `null` is a key without scopes (created
 * before scopes existed, or without choosing): it keeps the whole reach of its role, as before.
 */
export function scopeAllows(scopes: readonly string[] | null | undefined, domain: string, access: TApiScopeAccess) {
  if (!scopes) return true;
  for (const s of scopes) {
    const i = s.indexOf(':');
    const d = s.slice(0, i);
    const a = s.slice(i + 1);
    if ((d === '*' || d === domain) && (a === 'write' || a === access)) return true;
  }
  return false;
}
