import { roleCan, scopeAllows, type TAbility, type TApiScopeDomain } from '@loopcx/shared';
import type { Actor } from '../../platform/auth.ts';

/**
 * Whether the home page may show the caller a domain's facts: their role has the ability the domain's own page
 * needs, and an API key's scopes include the domain (GET /home needs only `home:read`; it must not become a way
 * round a key's narrower scopes).
 */
export function may(actor: Actor, ability: TAbility, domain: TApiScopeDomain): boolean {
  return roleCan(actor.role, ability) && scopeAllows(actor.scopes, domain, 'read');
}
