import { App, Button, Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { DetailDrawer, ResponsiveList } from '../../components/ListPage.tsx';
import { useRedeliver, useWebhookDeliveries, type WebhookDelivery, type WebhookEndpoint } from './api.ts';
import { eventKey } from './EventPicker.tsx';

const STATUS_COLOR: Record<WebhookDelivery['status'], string> = {
  succeeded: 'green',
  retrying: 'orange',
  failed: 'red',
  pending: 'blue',
};

/** One delivery's details: when, what was sent, what came back. */
function DeliveryDetail({ d }: { d: WebhookDelivery }) {
  const { t } = useTranslation('webhooks');
  return (
    <Descriptions size="small" column={1} bordered>
      <Descriptions.Item label="webhook-id">
        <Typography.Text code copyable>
          {d.messageId}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('sequence')}>{d.sequence}</Descriptions.Item>
      {d.lastAttemptAt && (
        <Descriptions.Item label={t('lastAttempt')}>{new Date(d.lastAttemptAt).toLocaleString()}</Descriptions.Item>
      )}
      {d.nextAttemptAt && (
        <Descriptions.Item label={t('nextAttempt')}>{new Date(d.nextAttemptAt).toLocaleString()}</Descriptions.Item>
      )}
      {d.error && <Descriptions.Item label={t('error')}>{d.error}</Descriptions.Item>}
      <Descriptions.Item label={t('requestBody')}>
        <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0, maxHeight: 200, overflow: 'auto' }}>
          {d.requestBody ?? '—'}
        </pre>
      </Descriptions.Item>
      <Descriptions.Item label={t('responseBody')}>
        <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0, maxHeight: 120, overflow: 'auto' }}>
          {d.responseBody || '—'}
        </pre>
      </Descriptions.Item>
    </Descriptions>
  );
}

/** The delivery log of one endpoint in a drawer: status, attempts, answer, latency, bodies, and redelivery. */
export function DeliveryLog({ endpoint, onClose }: { endpoint?: WebhookEndpoint; onClose: () => void }) {
  const { t } = useTranslation('webhooks');
  const { message } = App.useApp();
  const log = useWebhookDeliveries(endpoint?.id);
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  const redeliver = useRedeliver({
    onSuccess: () => message.success(t('redelivered')),
    onError: (err) => message.error(err.message),
  });
  const status = (d: WebhookDelivery) => (
    <Tag color={STATUS_COLOR[d.status]} data-testid="delivery-status">
      {t(`status.${d.status}`)}
    </Tag>
  );
  const answer = (d: WebhookDelivery) =>
    d.responseStatus ? `HTTP ${d.responseStatus}` : d.status === 'pending' ? '—' : t('noAnswer');
  const redo = (d: WebhookDelivery) =>
    endpoint && (
      <Button
        size="small"
        disabled={!endpoint.enabled || d.status === 'pending' || d.status === 'retrying'}
        title={endpoint.enabled ? undefined : t('redeliverOff')}
        loading={redeliver.isPending && redeliver.variables?.deliveryId === d.id}
        onClick={() => redeliver.mutate({ id: endpoint.id, deliveryId: d.id })}
      >
        {t('redeliver')}
      </Button>
    );
  return (
    <DetailDrawer
      open={!!endpoint}
      onClose={onClose}
      width={880}
      title={<span style={{ wordBreak: 'break-all' }}>{t('deliveriesOf', { url: endpoint?.url })}</span>}
    >
      {endpoint && !endpoint.enabled && <Typography.Paragraph type="warning">{t('redeliverOff')}</Typography.Paragraph>}
      <ResponsiveList
        query={{ isLoading: log.isLoading, data: items }}
        empty={t('noDeliveries')}
        cardTestId="delivery-card"
        card={(d) => (
          <>
            <Space wrap>
              {status(d)}
              <Typography.Text strong>{t(eventKey(d.eventType), { defaultValue: d.eventType })}</Typography.Text>
            </Space>
            <div>
              <Typography.Text type="secondary">
                {new Date(d.createdAt).toLocaleString()} · {answer(d)} · {d.latencyMs ?? '—'} ms ·{' '}
                {t('attemptsN', { n: d.attempts })}
              </Typography.Text>
            </div>
            {d.error && <Typography.Text type="danger">{d.error}</Typography.Text>}
            <div style={{ marginTop: 8 }}>{redo(d)}</div>
          </>
        )}
        table={{
          size: 'small',
          pagination: false,
          expandable: { expandedRowRender: (d) => <DeliveryDetail d={d} /> },
        }}
        columns={[
          { title: t('time'), dataIndex: 'createdAt', render: (at: string) => new Date(at).toLocaleString() },
          {
            title: t('event'),
            dataIndex: 'eventType',
            render: (e: string) => <span title={e}>{t(eventKey(e), { defaultValue: e })}</span>,
          },
          { title: t('statusCol'), render: (_: unknown, d) => status(d) },
          { title: t('attempts'), dataIndex: 'attempts' },
          { title: t('answer'), render: (_: unknown, d) => answer(d) },
          {
            title: t('latency'),
            dataIndex: 'latencyMs',
            render: (ms: number | null) => (ms == null ? '—' : `${ms} ms`),
          },
          { title: '', render: (_: unknown, d) => redo(d) },
        ]}
      />
      {log.hasNextPage && (
        <Button block style={{ marginTop: 12 }} loading={log.isFetchingNextPage} onClick={() => log.fetchNextPage()}>
          {t('more')}
        </Button>
      )}
    </DetailDrawer>
  );
}
