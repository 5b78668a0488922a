import type { TOrgUnit } from '@loopcx/shared';
import { api } from '../../lib/api.ts';
import { orgUnitKeys } from '../../lib/org.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';

// The org-unit list and its keys live in lib/org.ts because every module reads units; this file holds the writes.
export { orgUnitKeys, useOrgUnits } from '../../lib/org.ts';

/** A unit's fields as the form sends them; `parentId` only when moving. */
export type OrgUnitInput = Record<string, unknown>;

/** Creates a unit under `parentId`, or updates (edits, moves) the unit `id`. */
export function useSaveOrgUnit(
  callbacks?: MutationCallbacks<TOrgUnit, { id?: string; parentId?: string; values: OrgUnitInput }>,
) {
  return useInvalidatingMutation(
    (v: { id?: string; parentId?: string; values: OrgUnitInput }) =>
      v.id
        ? api<TOrgUnit>(`org-units/${v.id}`, { method: 'PATCH', body: v.values })
        : api<TOrgUnit>('org-units', { body: { ...v.values, parentId: v.parentId } }),
    [orgUnitKeys.all],
    callbacks,
  );
}

/** Archives a unit (and its subtree) or restores it. */
export function useSetOrgUnitStatus(callbacks?: MutationCallbacks<unknown, { unit: TOrgUnit; archive: boolean }>) {
  return useInvalidatingMutation(
    (v: { unit: TOrgUnit; archive: boolean }) =>
      v.archive
        ? api(`org-units/${v.unit.id}`, { method: 'DELETE' })
        : api(`org-units/${v.unit.id}`, { method: 'PATCH', body: { status: 'active' } }),
    [orgUnitKeys.all],
    callbacks,
  );
}
