import { Card, Empty, List, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMe } from '../../lib/me.tsx';
import { useTenantTime } from '../../lib/time.ts';
import { useHoldings } from './api.ts';
import { StageTag } from './present.tsx';

/** The customer page's "Products held" card: what the customer bought (orders) or was imported as holding. */
export function HeldProducts({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation('products');
  const me = useMe();
  const time = useTenantTime();
  const held = useHoldings(me.can('products.read') ? customerId : undefined);
  if (!me.can('products.read')) return null;
  const items = held.data?.items ?? [];
  return (
    <Card size="small" title={t('held')} style={{ marginBottom: 12 }} loading={held.isLoading}>
      {items.length ? (
        <List
          size="small"
          dataSource={items}
          renderItem={(h) => (
            <List.Item>
              <Space direction="vertical" size={0} style={{ width: '100%' }}>
                <Space wrap size={4}>
                  <Link to={`/products/${h.productId}`}>{i18n.language === 'en' && h.nameEn ? h.nameEn : h.name}</Link>
                  <StageTag stage={h.stage} />
                </Space>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('heldCount', { count: h.count })} · {t('since', { date: time.date(h.since) })} ·{' '}
                  {t(`source.${h.source}`)}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('heldEmpty')} />
      )}
    </Card>
  );
}
