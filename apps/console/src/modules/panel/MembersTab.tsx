import { App, Button, Card, Descriptions, Drawer, Input, List, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type TPanel, useMember, useMembers, useUpdateMember } from './api.ts';

import { STATUS_COLOR, when } from './present-panel.ts';

export function Members({ panel, manage, phone }: { panel: TPanel; manage: boolean; phone: boolean }) {
  const { t } = useTranslation('panel');
  const [filter, setFilter] = useState<{ status?: string; tier?: string; q?: string; page: number }>({ page: 1 });
  const members = useMembers(panel.id, filter);
  const [open, setOpen] = useState<string>();
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('m.status')}
          style={{ width: 140 }}
          value={filter.status}
          onChange={(v) => setFilter({ ...filter, status: v, page: 1 })}
          options={(['active', 'applied', 'rejected', 'left'] as const).map((s) => ({
            value: s,
            label: t(`memberStatus.${s}`),
          }))}
        />
        <Select
          allowClear
          placeholder={t('m.tier')}
          style={{ width: 140 }}
          value={filter.tier}
          onChange={(v) => setFilter({ ...filter, tier: v, page: 1 })}
          options={panel.tiers.map((x) => ({ value: x.name, label: x.name }))}
        />
        <Input.Search
          allowClear
          placeholder={t('m.search')}
          style={{ width: 200 }}
          onSearch={(q) => setFilter({ ...filter, q: q || undefined, page: 1 })}
        />
      </Space>
      <Table
        rowKey="id"
        size="small"
        loading={members.isLoading}
        dataSource={members.data?.items ?? []}
        scroll={{ x: phone ? 480 : undefined }}
        pagination={{
          current: filter.page,
          pageSize: 50,
          total: members.data?.total ?? 0,
          onChange: (page) => setFilter({ ...filter, page }),
        }}
        onRow={(m) => ({ onClick: () => setOpen(m.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('m.name'), dataIndex: 'displayName' },
          { title: t('m.points'), dataIndex: 'points', align: 'right' },
          { title: t('m.tier'), dataIndex: 'tier', render: (v: string | null) => v ?? '—' },
          {
            title: t('m.status'),
            dataIndex: 'status',
            render: (s: string) => <Tag color={STATUS_COLOR[s]}>{t(`memberStatus.${s}`)}</Tag>,
          },
          ...(phone
            ? []
            : [
                { title: t('m.contact'), dataIndex: 'contact' },
                { title: t('m.openTasks'), dataIndex: 'openTasks', align: 'right' as const },
                { title: t('m.joined'), dataIndex: 'joinedAt', render: when },
              ]),
        ]}
      />
      {open && <MemberDrawer id={open} manage={manage} phone={phone} onClose={() => setOpen(undefined)} />}
    </>
  );
}

function MemberDrawer({
  id,
  manage,
  phone,
  onClose,
}: {
  id: string;
  manage: boolean;
  phone: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('panel');
  const { message } = App.useApp();
  const detail = useMember(id);
  const update = useUpdateMember({
    onSuccess: () => message.success(t('saved')),
    onError: (e) => message.error(e.message),
  });
  const d = detail.data;
  return (
    <Drawer
      open
      title={d?.member.displayName}
      width={phone ? '100%' : 520}
      onClose={onClose}
      data-testid="member-drawer"
    >
      {d && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('m.status')}>
              <Tag color={STATUS_COLOR[d.member.status]}>{t(`memberStatus.${d.member.status}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('m.points')}>{d.member.points}</Descriptions.Item>
            <Descriptions.Item label={t('m.earned')}>{d.member.earned}</Descriptions.Item>
            <Descriptions.Item label={t('m.tier')}>{d.member.tier ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('m.contact')}>{d.member.contact ?? '—'}</Descriptions.Item>
          </Descriptions>
          {manage && (
            <Space wrap>
              {d.member.status === 'applied' && (
                <>
                  <Button type="primary" onClick={() => update.mutate({ id, status: 'active' })}>
                    {t('m.accept')}
                  </Button>
                  <Button danger onClick={() => update.mutate({ id, status: 'rejected' })}>
                    {t('m.reject')}
                  </Button>
                </>
              )}
              {d.member.status === 'active' && (
                <>
                  <Button onClick={() => update.mutate({ id, rotateLink: true })}>{t('m.rotate')}</Button>
                  <Button danger onClick={() => update.mutate({ id, status: 'left' })}>
                    {t('m.remove')}
                  </Button>
                </>
              )}
            </Space>
          )}
          {d.portalUrl && (
            <Card size="small" title={t('m.portal')}>
              <Typography.Paragraph copyable={{ text: d.portalUrl }} style={{ wordBreak: 'break-all', margin: 0 }}>
                {d.portalUrl}
              </Typography.Paragraph>
              <Typography.Text type="secondary">{t('m.portalHelp')}</Typography.Text>
            </Card>
          )}
          <Typography.Text strong>{t('m.ledger')}</Typography.Text>
          <List
            size="small"
            dataSource={d.ledger}
            data-testid="member-ledger"
            renderItem={(l) => (
              <List.Item extra={<b>{l.delta > 0 ? `+${l.delta}` : l.delta}</b>}>
                {t(`m.reason.${l.reason}`)} · {when(l.createdAt)}
              </List.Item>
            )}
          />
          <Typography.Text strong>{t('m.tasks')}</Typography.Text>
          <List
            size="small"
            dataSource={d.assignments}
            renderItem={(a) => (
              <List.Item extra={<Tag color={STATUS_COLOR[a.status]}>{a.status}</Tag>}>
                {a.title} · {when(a.dueAt)}
              </List.Item>
            )}
          />
          {Object.keys(d.screenerAnswers).length > 0 && (
            <>
              <Typography.Text strong>{t('m.screener')}</Typography.Text>
              <Descriptions column={1} size="small">
                {Object.entries(d.screenerAnswers).map(([k, v]) => (
                  <Descriptions.Item key={k} label={k}>
                    {Array.isArray(v) ? v.join(', ') : String(v)}
                  </Descriptions.Item>
                ))}
              </Descriptions>
            </>
          )}
        </Space>
      )}
    </Drawer>
  );
}
