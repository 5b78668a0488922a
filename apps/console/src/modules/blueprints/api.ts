import type { TBlueprint, TBlueprintEdge, TBlueprintNode, TBlueprintSummary } from '@loopcx/shared';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';

export type Blueprint = TBlueprint;
export type BlueprintSummary = TBlueprintSummary;
export type BlueprintNode = TBlueprintNode;
export type BlueprintEdge = TBlueprintEdge;
export type BlueprintCheck = TBlueprint['checks'][number];

/** Literal copies of the contract's enums: the console imports only types from @loopcx/shared (decision 31). */
export const NODE_KINDS = ['start', 'end', 'step', 'decision'] as const;
export const STAGES = ['front', 'back', 'support'] as const;

/** A drawing as PATCH and POST send it. */
export interface Drawing {
  lanes: string[];
  nodes: BlueprintNode[];
  edges: BlueprintEdge[];
}

/** Query keys of blueprints; a version sits under its blueprint so a save refreshes every view of it. */
export const blueprintKeys = {
  all: ['blueprints'] as const,
  list: (archived: boolean) => [...blueprintKeys.all, 'list', archived] as const,
  one: (id: string | undefined, version: number | undefined) => [...blueprintKeys.all, 'one', id, version] as const,
};

/** The tenant's blueprints (archived ones too when asked). */
export function useBlueprints(archived: boolean) {
  return useQuery({
    queryKey: blueprintKeys.list(archived),
    queryFn: () =>
      api<{ items: BlueprintSummary[] }>(`blueprints${archived ? '?archived=true' : ''}`).then((r) => r.items),
  });
}

/** A blueprint at a version (undefined: the current one). */
export function useBlueprint(id: string | undefined, version: number | undefined) {
  return useQuery({
    queryKey: blueprintKeys.one(id, version),
    queryFn: () => api<Blueprint>(version ? `blueprints/${id}/versions/${version}` : `blueprints/${id}`),
    enabled: !!id,
  });
}

/** Creates a blueprint, or patches `id` (a changed drawing publishes the next version). */
export function useSaveBlueprint(
  callbacks?: MutationCallbacks<Blueprint, { id?: string; body: Partial<Drawing> & Record<string, unknown> }>,
) {
  return useInvalidatingMutation(
    (v: { id?: string; body: Partial<Drawing> & Record<string, unknown> }) =>
      v.id
        ? api<Blueprint>(`blueprints/${v.id}`, { method: 'PATCH', body: v.body })
        : api<Blueprint>('blueprints', { body: v.body }),
    [blueprintKeys.all],
    callbacks,
  );
}

/** The drawing of a blueprint as the server stores it (the names around it left out). */
export const drawingOf = (b: Blueprint): Drawing => ({
  lanes: b.lanes.map((l) => l.id),
  nodes: b.nodes,
  edges: b.edges,
});

/** A check's failure share in %, null before any audit. */
export const failRate = (c: BlueprintCheck) => (c.n ? (c.failed / c.n) * 100 : null);

/** Red for any fatal failure or ≥ 25 % failing, orange from 10 %, green below, grey without audits. */
export function checkColour(c: BlueprintCheck): string {
  const r = failRate(c);
  if (r === null) return '#bfbfbf';
  if ((c.severity === 'fatal' && c.failed > 0) || r >= 25) return '#cf1322';
  return r >= 10 ? '#d46b08' : '#389e0d';
}
