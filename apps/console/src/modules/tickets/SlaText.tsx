import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatSla } from '../../lib/format.ts';

/**
 * A ticket's SLA in words: "剩余 23 小时 58 分 · 明天 13:58" (the due time in the browser's time zone), or
 * "逾期 2 小时" in red; "—" for a ticket without a running SLA.
 */
export function SlaText({ remainingMinutes, dueAt }: { remainingMinutes: number | null; dueAt: string | null }) {
  const { i18n } = useTranslation();
  if (remainingMinutes === null) return <>—</>;
  const sla = formatSla(remainingMinutes, dueAt, new Date(), i18n.language);
  return sla.overdue ? (
    <Typography.Text type="danger" data-testid="sla">
      {sla.text}
    </Typography.Text>
  ) : (
    <span data-testid="sla">{sla.text}</span>
  );
}
