import { PlusOutlined } from '@ant-design/icons';
import type { TProduct, TProductStage } from '@loopcx/shared';
import { Button, Input, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useMe } from '../../lib/me.tsx';
import { useProducts } from './api.ts';
import { ProductDrawer } from './ProductDrawer.tsx';
import { PRODUCT_STAGES, StageTag, signed } from './present.tsx';

/** The catalogue: stage tags, the last 90 days' NPS against the target, holders; managers add products. */
export function ProductsPage() {
  const { t, i18n } = useTranslation('products');
  const me = useMe();
  const navigate = useNavigate();
  const [stage, setStage] = useState<TProductStage | undefined>();
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const list = useProducts({ stage, q: q.trim() || undefined });
  const en = i18n.language === 'en';
  return (
    <div>
      <Typography.Title level={3}>{t('title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('allStages')}
          style={{ width: 140 }}
          value={stage}
          onChange={setStage}
          options={PRODUCT_STAGES.map((s) => ({ value: s, label: t(`stages.${s}`) }))}
        />
        <Input.Search allowClear placeholder={t('search')} style={{ width: 220 }} onSearch={setQ} maxLength={100} />
        {me.can('products.write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('new')}
          </Button>
        )}
      </Space>
      <Table<TProduct>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 640 }}
        columns={[
          {
            title: t('name'),
            key: 'name',
            render: (_, p) => (
              <Space direction="vertical" size={0}>
                <Link to={`/products/${p.id}`}>{en && p.nameEn ? p.nameEn : p.name}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {p.code}
                  {p.category ? ` · ${p.category}` : ''}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('stage'), key: 'stage', width: 100, render: (_, p) => <StageTag stage={p.stage} /> },
          {
            title: t('npsVsTarget'),
            key: 'nps',
            width: 180,
            render: (_, p) => {
              const v = p.recentNps.value;
              const target = p.targets.nps;
              if (v === null) return <Typography.Text type="secondary">—</Typography.Text>;
              const below = target !== undefined && v < target;
              return (
                <Space size={4}>
                  <Typography.Text strong type={below ? 'danger' : undefined}>
                    {v.toFixed(1)}
                  </Typography.Text>
                  <Typography.Text type="secondary">
                    {target !== undefined ? `/ ${target} (${signed(v - target)})` : `/ ${t('noTarget')}`}
                  </Typography.Text>
                </Space>
              );
            },
          },
          { title: t('holders'), dataIndex: 'holders', width: 100, align: 'right' },
        ]}
      />
      <ProductDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(p) => navigate(`/products/${p.id}`)}
      />
    </div>
  );
}
