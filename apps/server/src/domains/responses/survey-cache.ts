import type { AppContext } from '../../platform/context.ts';
import { one, sql } from '../../platform/db.ts';
import { type CompiledSurvey, compileSurvey } from '../surveys/compile.ts';
import { cachedTenantTimeZone } from '../tenancy/queries/tenant-time-zone.ts';

const compiled = new Map<string, CompiledSurvey>();
const MAX_COMPILED = 500;

/** The validator of a survey version, compiled once per process (versions are immutable, so it never goes stale). */
export async function compiledVersion(
  ctx: AppContext,
  tenantId: string,
  versionId: string,
  definition?: Record<string, unknown>,
): Promise<CompiledSurvey> {
  let c = compiled.get(versionId);
  if (c) return c;
  const def =
    definition ??
    (
      await one<{ definition: Record<string, unknown> }>(
        ctx.db,
        sql`SELECT definition FROM survey_versions WHERE tenant_id = ${tenantId} AND id = ${versionId}`,
      )
    )?.definition;
  if (!def) throw new Error(`survey version ${versionId} not found`);
  c = compileSurvey(def);
  if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
  compiled.set(versionId, c);
  return c;
}

const tzCache = new Map<string, { tz: string; fmt: Intl.DateTimeFormat; memo?: Map<number, string> }>();

/** The tenant-local calendar day of an instant (rollups and reports count tenant days). */
export async function tenantDay(ctx: AppContext, tenantId: string): Promise<(d: Date) => string> {
  // The zone is the tenant's setting (PATCH /tenant); a change reaches this node's cache within a minute.
  const tz = await cachedTenantTimeZone(ctx.db, tenantId);
  let entry = tzCache.get(tenantId);
  if (!entry || entry.tz !== tz) {
    entry = {
      tz,
      fmt: new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }),
    };
    tzCache.set(tenantId, entry);
  }
  const fmt = entry.fmt;
  // Intl formatting costs microseconds per call on the hot path; a tenant-local day only changes on a
  // quarter-hour boundary in every time zone, so the answer is cached per quarter hour.
  if (!entry.memo) entry.memo = new Map();
  const memo = entry.memo;
  return (d) => {
    const q = Math.floor(d.getTime() / 900_000);
    let day = memo.get(q);
    if (day === undefined) {
      day = fmt.format(d);
      if (memo.size > 50_000) memo.clear();
      memo.set(q, day);
    }
    return day;
  };
}
