import type { AppContext } from '../../platform/context.ts';
import { one, sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { verifySurveyToken } from './tokens.ts';

export interface ResolvedSurveyLink {
  tenantId: string;
  survey: { id: string; status: string; name: string };
  version: { id: string; version: number; definition: Record<string, unknown>; bindings: Record<string, unknown> };
  orgUnitId?: string;
  touchpointId?: string;
  invitation?: {
    id: string;
    customer: Record<string, unknown> | null;
    context: Record<string, unknown> | null;
    expiresAt: string | null;
    respondedAt: string | null;
  };
}

type SurveyState = {
  id: string;
  status: string;
  name: string;
  version_id: string | null;
  version: number | null;
  definition: Record<string, unknown> | null;
  bindings: Record<string, unknown> | null;
};

// The respondent hot path must not query the survey per request: states are cached briefly per process and
// dropped at once when this process changes a survey (forgetSurvey); other nodes see changes within TTL_MS
// (or at once on PostgreSQL, where the 'surveys.changed' bus event crosses nodes).
const TTL_MS = 2000;
const states = new Map<string, { state: SurveyState | undefined; at: number }>();

/** Drops a survey's cached state (after publish, pause, close…). */
export function forgetSurvey(tenantId: string, surveyId: string) {
  states.delete(`${tenantId}|${surveyId}`);
}

async function loadSurvey(ctx: AppContext, tenantId: string, surveyId: string): Promise<SurveyState | undefined> {
  const k = `${tenantId}|${surveyId}`;
  const hit = states.get(k);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.state;
  const state = await one<SurveyState>(
    ctx.db,
    sql`SELECT s.id, s.status, s.name, v.id AS version_id, v.version, v.definition, v.bindings
        FROM surveys s LEFT JOIN survey_versions v ON v.tenant_id = s.tenant_id AND v.id = s.current_version_id
        WHERE s.tenant_id = ${tenantId} AND s.id = ${surveyId}`,
  );
  if (states.size > 10_000) states.clear();
  states.set(k, { state, at: Date.now() });
  return state;
}

// Store QR and anonymous links are the same token for thousands of respondents: a verified token's claims are
// remembered (only valid ones, bounded), so the HMAC is computed once per token rather than once per request.
const verified = new Map<string, { secret: string; claims: NonNullable<ReturnType<typeof verifySurveyToken>> }>();
function verifiedClaims(secret: string, token: string) {
  const hit = verified.get(token);
  if (hit && hit.secret === secret) return hit.claims;
  const claims = verifySurveyToken(secret, token);
  if (claims) {
    if (verified.size >= 20_000) verified.clear();
    verified.set(token, { secret, claims: Object.freeze(claims) });
  }
  return claims;
}

/**
 * Turns a survey link token into what the respondent page and the ingest need. Forged, unknown or
 * cross-tenant tokens are 404 (never saying which part failed); expired links and closed or archived surveys
 * are 410; draft and paused surveys are 409 (not open yet / for now).
 */
export async function resolveSurveyToken(ctx: AppContext, token: string): Promise<ResolvedSurveyLink> {
  const claims = verifiedClaims(ctx.config.secret, token);
  if (!claims) throw new AppError('not_found', 'This survey link is not valid');
  const now = ctx.clock.now();
  if (claims.expiresAt && claims.expiresAt.getTime() < now.getTime())
    throw new AppError('gone', 'This survey link has expired');
  const row = await loadSurvey(ctx, claims.tenantId, claims.surveyId);
  if (!row) throw new AppError('not_found', 'This survey link is not valid');
  if (row.status === 'closed' || row.status === 'archived') throw new AppError('gone', 'This survey is closed');
  if (row.status === 'draft' || !row.version_id) throw new AppError('conflict', 'This survey is not open yet');
  if (row.status === 'paused') throw new AppError('conflict', 'This survey is paused; please try again later');
  const out: ResolvedSurveyLink = {
    tenantId: claims.tenantId,
    survey: { id: row.id, status: row.status, name: row.name },
    version: { id: row.version_id, version: row.version!, definition: row.definition!, bindings: row.bindings! },
    orgUnitId: claims.orgUnitId,
    touchpointId: claims.touchpointId,
  };
  if (claims.invitationId) {
    const inv = await one<{
      id: string;
      org_unit_id: string | null;
      touchpoint_id: string | null;
      customer: Record<string, unknown> | null;
      context: Record<string, unknown> | null;
      expires_at: Date | string | null;
      responded_at: Date | string | null;
    }>(
      ctx.db,
      sql`SELECT id, org_unit_id, touchpoint_id, customer, context, expires_at, responded_at FROM invitations
          WHERE tenant_id = ${claims.tenantId} AND id = ${claims.invitationId} AND survey_id = ${claims.surveyId}`,
    );
    if (!inv) throw new AppError('not_found', 'This survey link is not valid');
    if (inv.expires_at && new Date(inv.expires_at).getTime() < now.getTime())
      throw new AppError('gone', 'This survey link has expired');
    out.orgUnitId = inv.org_unit_id ?? out.orgUnitId;
    out.touchpointId = inv.touchpoint_id ?? out.touchpointId;
    out.invitation = {
      id: inv.id,
      customer: inv.customer,
      context: inv.context,
      expiresAt: inv.expires_at ? new Date(inv.expires_at).toISOString() : null,
      respondedAt: inv.responded_at ? new Date(inv.responded_at).toISOString() : null,
    };
  }
  return out;
}
