import { App, Button, Card, Grid, List, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Checklist, useChecklists, useSaveChecklist } from './api.ts';
import { ChecklistDrawer } from './ChecklistDrawer.tsx';
import { useCanManageQa } from './present.tsx';
import { QualityTabs } from './QualityTabs.tsx';

/** Checklists: their items' counts (fatal in red), version and audits; create, edit and archive in a drawer. */
export function ChecklistsPage() {
  const { t } = useTranslation('quality');
  const { message } = App.useApp();
  const phone = !Grid.useBreakpoint().md;
  const canManage = useCanManageQa();
  const [archived, setArchived] = useState(false);
  const [editing, setEditing] = useState<Checklist | 'new' | null>(null);
  const list = useChecklists(archived);
  const save = useSaveChecklist({
    onSuccess: (c) => message.success(c.archived ? t('cl.archivedDone') : t('cl.restored')),
    onError: (e) => message.error(e.message),
  });
  const counts = (c: Checklist) => {
    const fatal = c.items.filter((i) => i.severity === 'fatal').length;
    return (
      <Space size={4} wrap>
        <span>{t('cl.itemsN', { n: c.items.length })}</span>
        {fatal > 0 && <Tag color="red">{t('cl.fatalN', { n: fatal })}</Tag>}
      </Space>
    );
  };
  const actions = (c: Checklist) =>
    canManage && (
      <Space size={4} onClick={(e) => e.stopPropagation()}>
        <Button size="small" onClick={() => setEditing(c)}>
          {t('core:common.edit')}
        </Button>
        <Button size="small" onClick={() => save.mutate({ id: c.id, body: { archived: !c.archived } })}>
          {c.archived ? t('cl.restore') : t('cl.archive')}
        </Button>
      </Space>
    );
  return (
    <div>
      <QualityTabs
        extra={
          canManage && (
            <Button type="primary" onClick={() => setEditing('new')}>
              {t('cl.new')}
            </Button>
          )
        }
      />
      <Space style={{ marginBottom: 12 }}>
        <Switch size="small" checked={archived} onChange={setArchived} />
        {t('cl.showArchived')}
      </Space>
      {phone ? (
        <List<Checklist>
          loading={list.isLoading}
          dataSource={list.data ?? []}
          renderItem={(c) => (
            <Card size="small" style={{ marginBottom: 8 }} data-testid="checklist-card">
              <Space direction="vertical" size={4} style={{ width: '100%' }}>
                <Space wrap size={4}>
                  <Typography.Text strong>{c.name}</Typography.Text>
                  <Tag>v{c.version}</Tag>
                  {c.archived && <Tag>{t('cl.archived')}</Tag>}
                </Space>
                {counts(c)}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('cl.audits', { n: c.auditCount })}
                </Typography.Text>
                {actions(c)}
              </Space>
            </Card>
          )}
        />
      ) : (
        <Table<Checklist>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={list.data}
          pagination={false}
          columns={[
            {
              title: t('cl.name'),
              render: (_, c) => (
                <Space size={4}>
                  {c.name}
                  {c.archived && <Tag>{t('cl.archived')}</Tag>}
                </Space>
              ),
            },
            { title: t('cl.version'), dataIndex: 'version', width: 80, render: (v: number) => `v${v}` },
            { title: t('cl.items'), render: (_, c) => counts(c) },
            {
              title: t('cl.unitKinds'),
              render: (_, c) => (c.unitKinds.length ? c.unitKinds.join(', ') : t('cl.anyUnit')),
            },
            { title: t('cl.auditCount'), dataIndex: 'auditCount', width: 90, align: 'right' },
            { title: '', width: 160, render: (_, c) => actions(c) },
          ]}
        />
      )}
      <ChecklistDrawer checklist={editing} onClose={() => setEditing(null)} />
    </div>
  );
}
