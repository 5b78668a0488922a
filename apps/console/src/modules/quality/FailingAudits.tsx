import { Card, Empty, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useTenantTime } from '../../lib/time.ts';
import { useAuditDetails, useAudits } from './api.ts';
import { auditUnit, EvidencePhotos, itemText, SeverityTag } from './present.tsx';

/** How many audits with failures are opened to find an item's failures (the most recent first). */
const MAX_AUDITS = 30;

/**
 * The audits of a unit in a period where one item failed, each with the inspector's note and photos: the evidence
 * behind an item's error rate.
 */
export function FailingAudits(props: {
  orgUnitId: string;
  itemCode: string;
  checklistId?: string;
  from: string;
  to: string;
}) {
  const { t, i18n } = useTranslation('quality');
  const time = useTenantTime();
  const list = useAudits({
    orgUnitId: props.orgUnitId,
    checklistId: props.checklistId,
    status: 'submitted',
    from: props.from,
    to: props.to,
  });
  const withFailures = (list.data?.items ?? [])
    .filter((a) => a.fatalFailures > 0 || a.generalFailed > 0)
    .slice(0, MAX_AUDITS);
  const details = useAuditDetails(withFailures.map((a) => a.id));
  const loading = list.isLoading || details.some((d) => d.isLoading);
  const failing = details
    .map((d) => d.data)
    .flatMap((a) => {
      const item = a?.items.find((i) => i.code === props.itemCode && i.result === 'fail');
      return a && item ? [{ audit: a, item }] : [];
    });
  const first = failing[0]?.item;
  return (
    <Card
      size="small"
      data-testid="failing-audits"
      title={
        first ? (
          <Space size={4} wrap>
            <SeverityTag severity={first.severity} />
            <span style={{ whiteSpace: 'normal' }}>{itemText(first, i18n.language)}</span>
          </Space>
        ) : (
          t('ind.failingOf', { code: props.itemCode })
        )
      }
    >
      {loading ? (
        <Spin />
      ) : failing.length === 0 ? (
        <Empty description={t('ind.noFailures')} />
      ) : (
        <Space direction="vertical" size={8} style={{ width: '100%' }}>
          {failing.map(({ audit, item }) => (
            <Card key={audit.id} size="small" data-testid="failing-audit" styles={{ body: { padding: 12 } }}>
              <Space direction="vertical" size={4} style={{ width: '100%', wordBreak: 'break-word' }}>
                <Space wrap size={4}>
                  <Link to={`/quality/audits/${audit.id}`}>{auditUnit(audit, i18n.language)}</Link>
                  <Tag>{t(`kind.${audit.kind}`)}</Tag>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {audit.submittedAt ? time.dateTime(audit.submittedAt) : ''}
                    {audit.inspectorName ? ` · ${audit.inspectorName}` : ''}
                  </Typography.Text>
                </Space>
                {item.note && <Typography.Text>“{item.note}”</Typography.Text>}
                <EvidencePhotos photos={item.photos} size={96} testId="evidence-photo" />
                {item.ticketId && <Link to={`/tickets/${item.ticketId}`}>{t('res.ticket')}</Link>}
              </Space>
            </Card>
          ))}
        </Space>
      )}
    </Card>
  );
}
