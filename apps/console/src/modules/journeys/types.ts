import type { TMapTouchpoint } from '@loopcx/shared';

export interface Party {
  id: string;
  kind: 'team' | 'user';
  name: string;
}
export interface Touchpoint {
  id: string;
  journeyId: string | null;
  stageId: string | null;
  position: number;
  code: string;
  name: string;
  nameEn: string | null;
  description: string | null;
  channel: 'physical' | 'digital' | 'interpersonal';
  ownerTeamId: string | null;
  ownerTeam: { id: string; name: string } | null;
  raci: Record<'responsible' | 'accountable' | 'consulted' | 'informed', Party[]>;
  links: { surveys: Array<{ id: string; name: string }>; metrics: string[]; eventTypes: string[] };
  primaryMetric: 'csat' | 'nps' | 'ces';
  target: number | null;
  status: 'active' | 'archived';
}
export interface Stage {
  id: string;
  name: string;
  nameEn: string | null;
  position: number;
  touchpoints: Touchpoint[];
}
export interface Journey {
  id: string;
  name: string;
  nameEn: string | null;
  description: string | null;
  status: 'active' | 'archived';
  stages: Stage[];
}
export interface JourneyMap {
  journey: { id: string; name: string; nameEn: string | null };
  orgUnit: { id: string; name: string; nameEn: string | null };
  from: string;
  to: string;
  minN: number;
  stages: Array<{ id: string; name: string; nameEn: string | null; touchpoints: TMapTouchpoint[] }>;
}

/** Formats a metric value: CSAT in %, NPS in points, CES as a mean. */
export const fmtMetric = (metric: string, v: number | null | undefined) =>
  v == null ? '—' : metric === 'csat' ? `${v.toFixed(1)}%` : metric === 'ces' ? v.toFixed(2) : v.toFixed(0);

/**
 * Colour by gap to target, in the metric's own unit scaled to a comparable band: on target or above is green,
 * within 5 % of the scale below is amber, further below is red; no target or no value is grey.
 */
export function gapColour(metric: string, gap: number | null): string {
  if (gap === null) return '#bfbfbf';
  const band = metric === 'ces' ? 0.35 : metric === 'nps' ? 10 : 5;
  if (gap >= 0) return '#52c41a';
  if (gap >= -band) return '#faad14';
  return '#f5222d';
}
