import type { TJourneyMapResponse, TJourneyResponse, TTouchpointResponse } from '@loopcx/shared';

/** A touchpoint as GET /touchpoints and the journey routes answer it. */
export type Touchpoint = TTouchpointResponse;
/** A team or user in a touchpoint's RACI. */
export type Party = Touchpoint['raci']['responsible'][number];
/** A journey stage with its touchpoints. */
export type Stage = TJourneyResponse['stages'][number];
/** A journey as GET /journeys and the journey writes answer it. */
export type Journey = TJourneyResponse;
/** GET /journeys/:id/map: the journey's touchpoints scored for a unit and a window. */
export type JourneyMap = TJourneyMapResponse;

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
