import { useTranslation } from 'react-i18next';
import type { Blueprint, BlueprintNode } from './api.ts';

/** Name lookups of a blueprint in the reader's language: lanes, parties (teams and users), touchpoints, labels. */
export function useNames(b: Blueprint | undefined) {
  const { i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const pick = (x: { name: string; nameEn: string | null }) => (en && x.nameEn ? x.nameEn : x.name);
  const parties = new Map((b?.parties ?? []).map((p) => [p.id, pick(p)]));
  const touchpoints = new Map((b?.touchpoints ?? []).map((t) => [t.id, pick(t)]));
  return {
    en,
    pick,
    party: (id: string | null) => (id ? (parties.get(id) ?? '—') : '—'),
    touchpoint: (id: string) => touchpoints.get(id) ?? id,
    label: (n: BlueprintNode) => (en && n.labelEn ? n.labelEn : n.label),
    text: (c: { text: string; textEn: string | null }) => (en && c.textEn ? c.textEn : c.text),
  };
}
