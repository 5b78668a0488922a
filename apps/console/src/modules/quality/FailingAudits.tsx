import { Button, Card, Empty, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useTenantTime } from '../../lib/time.ts';
import { type ItemFailureFilters, useItemFailures } from './api.ts';
import { auditUnit, EvidencePhotos, itemText, SeverityTag } from './present.tsx';

/**
 * The audits of a unit in a period where one item failed, each with the inspector's note, photos and ticket: the
 * evidence behind an item's error rate, read a page at a time from the item's failures route.
 */
export function FailingAudits(props: ItemFailureFilters) {
  const { t, i18n } = useTranslation('quality');
  const time = useTenantTime();
  const list = useItemFailures(props);
  const pages = list.data?.pages ?? [];
  const failing = pages.flatMap((p) => p.items);
  const first = pages.find((p) => p.item)?.item;
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
          t('ind.failingOf', { code: props.code })
        )
      }
    >
      {list.isLoading ? (
        <Spin />
      ) : failing.length === 0 ? (
        <Empty description={t('ind.noFailures')} />
      ) : (
        <Space direction="vertical" size={8} style={{ width: '100%' }}>
          {failing.map(({ audit, note, photos, ticketId }) => (
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
                {note && <Typography.Text>“{note}”</Typography.Text>}
                <EvidencePhotos photos={photos} size={96} testId="evidence-photo" />
                {ticketId && <Link to={`/tickets/${ticketId}`}>{t('res.ticket')}</Link>}
              </Space>
            </Card>
          ))}
          {list.hasNextPage && (
            <Button block loading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
              {t('ind.more')}
            </Button>
          )}
        </Space>
      )}
    </Card>
  );
}
