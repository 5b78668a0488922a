import type { AppContext } from '../../platform/context.ts';
import type { Executor } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { canAddEntry, entryDays, tenantDayOf } from './commands/diary.ts';
import { memberForPortal, photosOf, portalAssignments } from './queries.ts';
import { portalRewards } from './rewards-queries.ts';
import { nextTier } from './tiers.ts';

const iso = (d: string | Date) => new Date(d).toISOString();

/**
 * The member's portal: points, tier, tasks (with photos, and a diary's days and whether another entry may be
 * written now), rewards and redemptions. Everything is the member's own (the signed link names the member).
 */
export async function portalView(ctx: AppContext, ex: Executor, tenantId: string, memberId: string, token: string) {
  const m = await memberForPortal(ex, tenantId, memberId);
  if (!m) throw new AppError('not_found', 'This member link is not valid');
  const list = await portalAssignments(ex, tenantId, memberId);
  const photos = await photosOf(
    ex,
    tenantId,
    list.map((a) => a.id),
  );
  const days = await entryDays(
    ex,
    tenantId,
    list.filter((a) => a.survey_id).map((a) => a.id),
  );
  const now = ctx.clock.now();
  const today = await tenantDayOf(ex, tenantId, now);
  const base = `/api/v1/public/panel-members/${token}`;
  const { rewards, redemptions } = await portalRewards(ex, tenantId, m.panel_id, memberId);
  return {
    panelName: m.panel_name,
    memberName: m.display_name,
    status: m.status,
    points: m.points,
    earned: m.earned,
    tier: m.tier,
    nextTier: nextTier(m.tiers, m.earned),
    assignments: list.map((a) => ({
      id: a.id,
      title: a.title,
      kind: a.kind,
      instructions: a.instructions,
      unitName: a.unit_name,
      checkInRequired: a.check_in_required,
      radiusM: a.radius_m,
      minPhotos: a.min_photos,
      fields: a.fields,
      points: a.points,
      dueAt: iso(a.due_at),
      status: a.status,
      checkedIn: a.checked_in_at !== null,
      checkInDistanceM: a.checkin_distance_m,
      photos: photos.filter((p) => p.assignment_id === a.id).map((p) => ({ id: p.id, url: `${base}/photos/${p.id}` })),
      diary: a.survey_id
        ? {
            surveyName: a.survey_name ?? '',
            entries: a.entries,
            minEntries: a.min_entries,
            days: days.filter((d) => d.assignment_id === a.id).map((d) => d.day),
            canAdd: canAddEntry(
              a,
              days.filter((d) => d.assignment_id === a.id).map((d) => d.day),
              today,
              now,
            ),
          }
        : null,
      reviewNote: a.review_note,
      pointsAwarded: a.points_awarded,
    })),
    rewards,
    redemptions,
  };
}
