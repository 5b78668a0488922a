import { SyncOutlined } from '@ant-design/icons';
import type { TProductDetail } from '@loopcx/shared';
import { App, Button, Card, Progress, Space, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useTenantTime } from '../../lib/time.ts';
import { useRelink } from './api.ts';

/**
 * The product's link backfill (decision 80): queued, running with its counts so far, or when it finished and what it
 * linked; counts appear only for tenant-root callers (the API sends null otherwise). Managers can relink on demand.
 */
export function ProductBackfill({ product, canWrite }: { product: TProductDetail; canWrite: boolean }) {
  const { t } = useTranslation('products');
  const time = useTenantTime();
  const { message } = App.useApp();
  const relink = useRelink(product.id, {
    onSuccess: () => message.success(t('backfill.relinked')),
    onError: (err) => message.error(err.message),
  });
  const b = product.backfill;
  const counted = b && b.orders !== null && b.returns !== null && b.scanned !== null;
  const n = (v: number | null) => (v ?? 0).toLocaleString();
  const vars = b ? { orders: n(b.orders), returns: n(b.returns), scanned: n(b.scanned) } : {};
  let line = t('backfill.none');
  if (b?.status === 'queued') line = t('backfill.queued');
  if (b?.status === 'running') line = counted ? t('backfill.runningCount', vars) : t('backfill.running');
  if (b?.status === 'done') {
    const at = time.dateTime(b.finishedAt ?? b.requestedAt);
    line = counted ? t('backfill.doneCount', { ...vars, at }) : t('backfill.done', { at });
  }
  return (
    <Card
      size="small"
      title={t('backfill.title')}
      style={{ marginBottom: 12 }}
      extra={
        canWrite && (
          <Tooltip title={t('backfill.relinkHelp')}>
            <Button
              size="small"
              icon={<SyncOutlined spin={b?.status === 'running'} />}
              loading={relink.isPending}
              onClick={() => relink.mutate()}
            >
              {t('backfill.relink')}
            </Button>
          </Tooltip>
        )
      }
    >
      <Space direction="vertical" size={4} style={{ width: '100%' }}>
        {b?.status === 'running' && <Progress percent={100} status="active" showInfo={false} size="small" />}
        <Typography.Text data-testid="product-backfill">{line}</Typography.Text>
        {b && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('backfill.reasonLabel', {
              reasons: b.reasons.map((r) => t(`backfill.reasons.${r}`)).join(' · '),
            })}
          </Typography.Text>
        )}
      </Space>
    </Card>
  );
}
