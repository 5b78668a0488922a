import type { TReportModel } from '@loopcx/shared';
import type { ReportLocale } from '../strings.ts';

/** A period as people write it: "2026年12月", "2026年第49周", "December 2026", "Week 49, 2026", "2026 Q4". */
export function periodLabel(p: Pick<TReportModel['period'], 'key' | 'kind'>, locale: ReportLocale): string {
  const [year, rest] = p.key.split('-') as [string, string];
  if (p.kind === 'week')
    return locale === 'en' ? `Week ${Number(rest.slice(1))}, ${year}` : `${year}年第${Number(rest.slice(1))}周`;
  if (p.kind === 'quarter') return locale === 'en' ? `${year} ${rest}` : `${year}年第${rest.slice(1)}季度`;
  if (locale === 'en')
    return new Date(`${p.key}-01T00:00:00Z`).toLocaleString('en-GB', {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
  return `${year}年${Number(rest)}月`;
}

/** The file name of a report's PDF: `report-EAST-2026-12.pdf` (unit codes are tenant text: kept to safe characters). */
export const periodFileName = (unitCode: string, period: string) =>
  `report-${unitCode.replace(/[^\w.-]+/g, '_').slice(0, 60)}-${period}.pdf`;
