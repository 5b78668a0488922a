import { App, Button, Card, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../lib/me.tsx';
import { useCustomerByRef, useMarkDecision, useNextBestAction } from './api.ts';

/**
 * The customer's next-best action with its reason and done / dismiss buttons, for the customer and ticket pages.
 * Holdout customers show that there is nothing to do (their decision is recorded for the uplift).
 */
export function NbaCard({ customerId }: { customerId: string | undefined }) {
  const { t } = useTranslation('nba');
  const { message } = App.useApp();
  const me = useMe();
  const nba = useNextBestAction(me.can('customers.read') ? customerId : undefined);
  const mark = useMarkDecision(customerId, { onError: (err) => message.error(err.message) });
  if (!nba.data) return null;
  const d = nba.data;
  return (
    <Card size="small" title={t('card.title')} style={{ marginBottom: 12 }} data-testid="nba-card">
      {d.action && d.decision ? (
        <Space direction="vertical" style={{ width: '100%' }} size={6}>
          <Space wrap size={4}>
            <Tag color="blue">{t(`actions.${d.action.type}`)}</Tag>
            <Typography.Text strong data-testid="nba-action">
              {d.action.label}
            </Typography.Text>
          </Space>
          <Typography.Text type="secondary">
            {t('card.reason')}: {d.reason}
          </Typography.Text>
          {d.action.details && <Typography.Text>{d.action.details}</Typography.Text>}
          {d.decision.status === 'open' ? (
            <Space wrap>
              <Button
                type="primary"
                size="small"
                loading={mark.isPending}
                onClick={() => mark.mutate({ decisionId: d.decision!.id, status: 'taken' })}
              >
                {t('card.markTaken')}
              </Button>
              <Button size="small" onClick={() => mark.mutate({ decisionId: d.decision!.id, status: 'dismissed' })}>
                {t('card.dismiss')}
              </Button>
            </Space>
          ) : (
            <Tag color={d.decision.status === 'taken' ? 'success' : 'default'} data-testid="nba-status">
              {t(`card.${d.decision.status}`)}
            </Tag>
          )}
        </Space>
      ) : (
        <Typography.Text type="secondary">
          {d.holdout && d.rule ? t('card.holdout', { rule: d.rule.name }) : t('card.none')}
        </Typography.Text>
      )}
    </Card>
  );
}

/** The card for a ticket: its customer found by member id (exact search), when the caller may read profiles. */
export function NbaCardForRef({ customerRef }: { customerRef: string | null | undefined }) {
  const me = useMe();
  const found = useCustomerByRef(me.can('customers.read') ? (customerRef ?? undefined) : undefined);
  return found.data ? <NbaCard customerId={found.data} /> : null;
}
