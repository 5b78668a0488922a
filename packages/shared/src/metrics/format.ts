/**
 * A survey metric's value as the dashboard tiles show it: NPS to one decimal, CSAT as a percentage, CES to two
 * decimals, responses as a count, the audit error rates as percentages, "—" without a value. The console's tiles and the server's first paint of the
 * dashboard (apps/server/src/console-page.ts) both use it, so the two show the same text.
 */
export function formatSurveyMetric(metric: string, value: number | null): string {
  if (value === null) return '—';
  if (metric === 'ces') return value.toFixed(2);
  if (metric === 'responses') return String(value);
  if (metric === 'csat' || metric === 'audit.fatal_error_rate' || metric === 'audit.general_error_rate')
    return `${value.toFixed(1)}%`;
  return value.toFixed(1);
}
