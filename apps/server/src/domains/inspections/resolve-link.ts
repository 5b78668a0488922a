import type { RequestOrigin } from '../../platform/audit.ts';
import type { Actor } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { verifyAuditToken } from './audit-token.ts';
import { getAudit } from './queries/audits.ts';

/**
 * Turns an audit link's token into the actor of its external inspector: the tenant and audit come from the
 * signature, never from the request. Forged, altered, unknown or internal audits are 404 (never saying which part
 * failed); a cancelled audit's link is 410. The actor sees only the audited unit and works only this audit
 * (`assertCanWork`); the audit log names the inspector.
 */
export async function externalActor(ctx: AppContext, token: string, origin: RequestOrigin): Promise<Actor> {
  const claims = verifyAuditToken(ctx.config.secret, token);
  if (!claims) throw new AppError('not_found', 'This audit link is not valid');
  // The signature is the boundary here: the lookup spans the tenant named inside it, then narrows to the unit.
  const lookup: Actor = {
    tenantId: claims.tenantId,
    kind: 'external',
    id: claims.auditId,
    role: 'viewer',
    orgUnitId: claims.auditId,
    orgPath: '/',
  };
  const a = await getAudit(ctx.db, lookup, claims.auditId).catch((err: unknown) => {
    throw err instanceof AppError && err.status === 404
      ? new AppError('not_found', 'This audit link is not valid')
      : err;
  });
  if (!a.external) throw new AppError('not_found', 'This audit link is not valid');
  if (a.status === 'cancelled') throw new AppError('gone', 'This audit was cancelled');
  return {
    ...lookup,
    orgUnitId: a.org_unit_id,
    orgPath: a.unit_path,
    name: `external inspector ${a.inspector_name ?? ''}`.trim(),
    origin,
  };
}
