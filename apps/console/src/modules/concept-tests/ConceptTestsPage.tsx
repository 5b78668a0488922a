import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Grid, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMe } from '../../lib/me.tsx';
import { useConceptTests } from './api.ts';
import { CreateDrawer } from './CreateDrawer.tsx';
import { DecisionTag, pct } from './present.tsx';

/** The tenant's concept tests with their recorded decision; owners and admins create them. */
export function ConceptTestsPage() {
  const { t } = useTranslation('concept');
  const me = useMe();
  const phone = !Grid.useBreakpoint().md;
  const [archived, setArchived] = useState(false);
  const [creating, setCreating] = useState(false);
  const list = useConceptTests(archived);
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('intro')}
      </Typography.Paragraph>
      {list.error && <Alert type="error" showIcon message={(list.error as Error).message} />}
      <Card
        size="small"
        extra={
          <Space wrap>
            <span>
              {t('showArchived')} <Switch size="small" checked={archived} onChange={setArchived} />
            </span>
            {me.can('surveys.write') && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setCreating(true)}
                data-testid="concept-create"
              >
                {t('create')}
              </Button>
            )}
          </Space>
        }
      >
        <Table
          rowKey="id"
          size="small"
          loading={list.isLoading}
          pagination={false}
          scroll={phone ? { x: 'max-content' } : undefined}
          dataSource={list.data ?? []}
          locale={{ emptyText: t('empty') }}
          data-testid="concept-list"
          columns={[
            {
              title: t('name'),
              key: 'name',
              render: (_, r) => (
                <Space size={4} wrap>
                  <Link to={`/concept-tests/${r.id}`}>{r.name}</Link>
                  {r.archived && <Tag>{t('archive')}</Tag>}
                </Space>
              ),
            },
            { title: t('kind'), key: 'kind', render: (_, r) => t(`kinds.${r.kind}`) },
            {
              title: t('status'),
              key: 'status',
              render: (_, r) => <DecisionTag decision={r.status} overridden={r.statusKind === 'override'} />,
            },
            ...(phone
              ? []
              : [
                  {
                    title: t('survey'),
                    key: 'survey',
                    render: (_: unknown, r: { surveyName: string }) => r.surveyName,
                  },
                  {
                    title: t('threshold'),
                    key: 'threshold',
                    align: 'right' as const,
                    render: (_: unknown, r: { threshold: number }) => pct(r.threshold),
                  },
                  { title: t('minN'), dataIndex: 'minN', align: 'right' as const },
                ]),
          ]}
        />
      </Card>
      <CreateDrawer open={creating} onClose={() => setCreating(false)} />
    </Space>
  );
}
