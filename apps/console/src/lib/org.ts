import type { TOrgUnit, TOrgUnitListResponse } from '@loopcx/shared';
import { useQuery } from '@tanstack/react-query';
import i18next from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from './api.ts';

/** Query keys for org units; invalidate `orgUnitKeys.all` after any change to the tree. */
export const orgUnitKeys = {
  all: ['org-units'] as const,
  list: (includeArchived: boolean) => [...orgUnitKeys.all, includeArchived] as const,
};

/** Org units in the caller's scope, ordered by depth then code. */
export function useOrgUnits(opts: { includeArchived?: boolean } = {}) {
  return useQuery({
    queryKey: orgUnitKeys.list(!!opts.includeArchived),
    queryFn: () =>
      api<TOrgUnitListResponse>(`org-units${opts.includeArchived ? '?includeArchived=true' : ''}`).then((r) => r.items),
  });
}

export interface OrgTreeNode {
  key: string;
  value: string;
  title: string;
  unit: TOrgUnit;
  children: OrgTreeNode[];
}

/** Builds a tree from the flat list; units whose parent is outside the list become roots (the caller's scope). */
export function toTree(
  units: TOrgUnit[],
  label: (u: TOrgUnit) => string = (u) => `${unitName(u, i18next.language)} (${u.code})`,
): OrgTreeNode[] {
  const nodes = new Map(
    units.map((u) => [u.id, { key: u.id, value: u.id, title: label(u), unit: u, children: [] as OrgTreeNode[] }]),
  );
  const roots: OrgTreeNode[] = [];
  for (const u of units) {
    const node = nodes.get(u.id)!;
    const parent = u.parentId ? nodes.get(u.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** A unit's name in the console language: its English name in English when it has one. */
export function unitName(u: { name?: string | null; nameEn?: string | null; code?: string }, language: string): string {
  return (language === 'en' && u.nameEn ? u.nameEn : u.name) ?? u.code ?? '';
}

/**
 * A labeller for units that lists and records carry as `{id, name}`: the unit's name in the console language (its
 * English name in English), looked up in the caller's unit list (cached), else the name the record carries.
 */
export function useUnitLabel() {
  const units = useOrgUnits();
  const { i18n } = useTranslation();
  const byId = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u])), [units.data]);
  return (u: { id: string; name?: string | null; code?: string | null } | null | undefined): string => {
    if (!u) return '';
    const full = byId.get(u.id);
    return full ? unitName(full, i18n.language) : (u.name ?? u.code ?? '');
  };
}
