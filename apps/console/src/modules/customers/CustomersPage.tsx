import { Button, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useTenantTime } from '../../lib/time.ts';
import { type Customer, type CustomerFilters, useCustomers, useSegments, useTiers } from './api.ts';
import { customerLabel, TIER_COLOR } from './shared.ts';

/** Customer profiles: search by member id, phone (hashed by the server), email or name; filter by tag, tier, segment. */
export function CustomersPage() {
  const time = useTenantTime();
  const { t } = useTranslation('customers');
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [filters, setFilters] = useState<CustomerFilters>({
    q: params.get('q') ?? undefined,
    segmentId: params.get('segmentId') ?? undefined,
  });
  const tiers = useTiers();
  const segments = useSegments();
  const list = useCustomers(filters);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const tierNames = (tiers.data?.counts ?? [])
    .filter((c) => c.tier)
    .map((c) => ({ value: c.tier!, label: `${c.tier} (${c.count})` }));
  return (
    <div>
      <Typography.Title level={4}>{t('title')}</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('search')}
          defaultValue={filters.q}
          style={{ width: 260 }}
          data-testid="customer-search"
          onSearch={(q) => setFilters({ ...filters, q: q.trim() || undefined })}
        />
        <Input
          allowClear
          placeholder={t('tag')}
          style={{ width: 120 }}
          onPressEnter={(e) =>
            setFilters({ ...filters, tag: (e.target as HTMLInputElement).value.trim() || undefined })
          }
          onChange={(e) => !e.target.value && setFilters({ ...filters, tag: undefined })}
        />
        <Select
          allowClear
          placeholder={t('allTiers')}
          style={{ minWidth: 140 }}
          value={filters.tier}
          onChange={(v) => setFilters({ ...filters, tier: v })}
          options={tierNames}
        />
        <Select
          allowClear
          placeholder={t('allSegments')}
          style={{ minWidth: 200 }}
          value={filters.segmentId}
          onChange={(v) => setFilters({ ...filters, segmentId: v })}
          options={(segments.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
        />
      </Space>
      <Table<Customer>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 640 }}
        onRow={(c) =>
          ({
            onClick: () => navigate(`/customers/${c.id}`),
            style: { cursor: 'pointer' },
            'data-testid': 'customer-row',
          }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          { title: t('name'), key: 'name', render: (_, c) => <a>{customerLabel(c)}</a> },
          {
            title: t('identities'),
            key: 'ids',
            render: (_, c) =>
              c.identities.map((i) => (
                <Tag key={`${i.kind}${i.display}`}>
                  {t(`kind.${i.kind}`)}: {i.display}
                </Tag>
              )),
          },
          {
            title: t('tier'),
            dataIndex: 'tier',
            render: (tier: string | null) =>
              tier ? (
                <Tag color={TIER_COLOR[tier] ?? 'blue'}>{tier}</Tag>
              ) : (
                <Typography.Text type="secondary">{t('noTier')}</Typography.Text>
              ),
          },
          {
            title: t('tags'),
            key: 'tags',
            render: (_, c) =>
              [...new Set(c.tags.map((x) => x.tag))].map((tag) => (
                <Tag key={tag} color={c.tags.some((x) => x.tag === tag && x.source === 'rule') ? 'gold' : undefined}>
                  {tag}
                </Tag>
              )),
          },
          {
            title: t('lastSeen'),
            dataIndex: 'lastSeenAt',
            render: (v: string | null) => (v ? time.date(v) : '—'),
          },
        ]}
      />
      {list.hasNextPage && (
        <Button block style={{ marginTop: 8 }} onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('more')}
        </Button>
      )}
    </div>
  );
}
