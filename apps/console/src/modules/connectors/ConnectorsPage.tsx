import {
  Alert,
  App,
  Button,
  Card,
  Drawer,
  Empty,
  Form,
  Grid,
  Input,
  InputNumber,
  List,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formErrors } from '../../lib/api.ts';
import { toTree, useOrgUnits } from '../../lib/org.ts';
import {
  type Connector,
  type ConnectorRun,
  useConnectorRuns,
  useConnectors,
  useCreateConnector,
  useDeleteConnector,
  usePollConnector,
  useRotateConnectorSecret,
  useToggleConnector,
} from './api.ts';

const KINDS = ['webhook', 'rss', 'json_api'] as const;
const SOURCES = ['social', 'forum', 'app_review', 'call_transcript', 'other'] as const;
const FIELDS = [
  'text',
  'externalId',
  'author',
  'rating',
  'url',
  'occurredAt',
  'channel',
  'customerRef',
  'orgUnitCode',
] as const;

/** The page (loaded when its route is first opened). */
export function ConnectorsPage() {
  const { t } = useTranslation('connectors');
  const { message } = App.useApp();
  const phone = !Grid.useBreakpoint().md;
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ secret: string; path: string }>();
  const [historyOf, setHistoryOf] = useState<Connector>();
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form) as (typeof KINDS)[number] | undefined;
  const list = useConnectors();
  const units = useOrgUnits();

  const create = useCreateConnector({
    onSuccess: (c) => {
      setCreating(false);
      form.resetFields();
      if (c.secret && c.inboundPath) setSecret({ secret: c.secret, path: c.inboundPath });
      else message.success(c.name);
    },
    onError: (err) => {
      form.setFields(formErrors(err));
      message.error(err.message);
    },
  });
  const toggle = useToggleConnector({ onError: (err) => message.error(err.message) });
  const remove = useDeleteConnector({ onError: (err) => message.error(err.message) });
  const rotate = useRotateConnectorSecret({
    onSuccess: (c) => c.secret && c.inboundPath && setSecret({ secret: c.secret, path: c.inboundPath }),
    onError: (err) => message.error(err.message),
  });
  const poll = usePollConnector({
    onSuccess: (r) =>
      r.status === 'error'
        ? message.error(t('pollFailed', { error: r.error }))
        : message.success(t('polled', { fetched: r.fetched, stored: r.stored, duplicates: r.duplicates })),
    onError: (err) => message.error(err.message),
  });

  const submit = (v: Record<string, unknown>) => {
    const rows = (v.mapping as Array<{ field?: string; path?: string }> | undefined) ?? [];
    const mapping = Object.fromEntries(rows.filter((r) => r.field && r.path).map((r) => [r.field, r.path]));
    const body: Record<string, unknown> = {
      kind: v.kind,
      name: v.name,
      source: v.source,
      ...(v.channel ? { channel: v.channel } : {}),
      ...(v.orgUnitId ? { orgUnitId: v.orgUnitId } : {}),
    };
    if (v.kind !== 'webhook') Object.assign(body, { url: v.url, pollMinutes: v.pollMinutes });
    if (v.kind !== 'rss') Object.assign(body, { mapping, ...(v.itemsPath ? { itemsPath: v.itemsPath } : {}) });
    if (v.kind === 'json_api')
      Object.assign(body, {
        ...(v.cursorParam ? { cursorParam: v.cursorParam } : {}),
        ...(v.cursorPath ? { cursorPath: v.cursorPath } : {}),
      });
    create.mutate(body);
  };

  const statusTag = (c: Connector) =>
    c.lastStatus ? (
      <Tag color={c.lastStatus === 'ok' ? 'green' : 'red'}>{t(c.lastStatus)}</Tag>
    ) : (
      <Typography.Text type="secondary">{t('never')}</Typography.Text>
    );
  const actions = (c: Connector) => (
    <Space wrap>
      <Switch
        size="small"
        checked={c.enabled}
        aria-label={t('enabled')}
        onChange={(enabled) => toggle.mutate({ id: c.id, enabled })}
      />
      {c.kind !== 'webhook' && (
        <Button
          size="small"
          disabled={!c.enabled}
          loading={poll.isPending && poll.variables === c.id}
          onClick={() => poll.mutate(c.id)}
        >
          {t('poll')}
        </Button>
      )}
      <Button size="small" onClick={() => setHistoryOf(c)}>
        {t('history')}
      </Button>
      {c.kind === 'webhook' && (
        <Popconfirm title={t('rotateConfirm')} onConfirm={() => rotate.mutate(c.id)}>
          <Button size="small">{t('rotate')}</Button>
        </Popconfirm>
      )}
      <Popconfirm title={t('deleteConfirm')} onConfirm={() => remove.mutate(c.id)}>
        <Button size="small" danger>
          {t('delete')}
        </Button>
      </Popconfirm>
    </Space>
  );
  const where = (c: Connector) => (
    <Typography.Text type="secondary" style={{ wordBreak: 'break-all' }}>
      {c.kind === 'webhook' ? c.inboundPath : c.url}
    </Typography.Text>
  );

  return (
    <div>
      <Space style={{ marginBottom: 16 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        <Button type="primary" onClick={() => setCreating(true)}>
          {t('new')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary">{t('help')}</Typography.Paragraph>
      {phone ? (
        <List
          loading={list.isLoading}
          dataSource={list.data}
          locale={{ emptyText: <Empty description={t('none')} /> }}
          renderItem={(c) => (
            <Card size="small" style={{ marginBottom: 8 }} data-testid="connector-card">
              <Space wrap>
                <Typography.Text strong>{c.name}</Typography.Text>
                <Tag>{t(`kinds.${c.kind}`)}</Tag>
                {statusTag(c)}
              </Space>
              <div>
                <Typography.Text type="secondary">
                  {t(`sources.${c.source}`)}
                  {c.channel ? ` · ${c.channel}` : ''} · {c.orgUnit.name}
                </Typography.Text>
              </div>
              <div>{where(c)}</div>
              <div style={{ marginTop: 8 }}>{actions(c)}</div>
            </Card>
          )}
        />
      ) : (
        <Table
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data}
          locale={{ emptyText: <Empty description={t('none')} /> }}
          columns={[
            {
              title: t('name'),
              dataIndex: 'name',
              render: (name: string, c) => (
                <Space direction="vertical" size={0}>
                  <Typography.Text strong>{name}</Typography.Text>
                  {where(c)}
                </Space>
              ),
            },
            { title: t('kind'), dataIndex: 'kind', render: (k: Connector['kind']) => t(`kinds.${k}`) },
            {
              title: t('source'),
              render: (_: unknown, c) => `${t(`sources.${c.source}`)}${c.channel ? ` · ${c.channel}` : ''}`,
            },
            { title: t('unit'), render: (_: unknown, c) => c.orgUnit.name },
            {
              title: t('lastRun'),
              render: (_: unknown, c) => (
                <Space direction="vertical" size={0}>
                  {statusTag(c)}
                  {c.lastRunAt && <span>{new Date(c.lastRunAt).toLocaleString()}</span>}
                </Space>
              ),
            },
            { title: t('cursor'), dataIndex: 'cursor', render: (v: string | null) => v ?? '—' },
            { title: t('core:common.actions'), render: (_: unknown, c) => actions(c) },
          ]}
        />
      )}
      <Modal
        open={creating}
        title={t('new')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        width={phone ? '100%' : 640}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ kind: 'webhook', source: 'social', pollMinutes: 15, mapping: [{ field: 'text' }] }}
          onFinish={submit}
        >
          <Form.Item name="kind" label={t('kind')} rules={[{ required: true }]}>
            <Select options={KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="name" label={t('name')} rules={[{ required: true, max: 200 }]}>
            <Input />
          </Form.Item>
          <Space wrap style={{ width: '100%' }} size="middle">
            <Form.Item name="source" label={t('source')} rules={[{ required: true }]}>
              <Select
                style={{ minWidth: 180 }}
                options={SOURCES.map((s) => ({ value: s, label: t(`sources.${s}`) }))}
              />
            </Form.Item>
            <Form.Item name="channel" label={t('channel')} extra={t('channelHelp')} rules={[{ max: 100 }]}>
              <Input />
            </Form.Item>
          </Space>
          <Form.Item name="orgUnitId" label={t('unit')} extra={t('unitHelp')}>
            <TreeSelect
              allowClear
              treeData={toTree(units.data ?? [])}
              treeDefaultExpandAll
              showSearch
              treeNodeFilterProp="title"
            />
          </Form.Item>
          {kind !== 'webhook' && (
            <>
              <Form.Item
                name="url"
                label={t('url')}
                extra={t('urlHelp')}
                rules={[{ required: true, type: 'url', max: 2000 }]}
              >
                <Input
                  placeholder={kind === 'rss' ? 'https://example.com/reviews.rss' : 'https://example.com/api/reviews'}
                />
              </Form.Item>
              <Form.Item name="pollMinutes" label={t('pollMinutes')} rules={[{ required: true }]}>
                <InputNumber min={1} max={1440} precision={0} />
              </Form.Item>
            </>
          )}
          {kind !== 'rss' && (
            <>
              <Typography.Text strong>{t('mapping')}</Typography.Text>
              <Typography.Paragraph type="secondary">{t('mappingHelp')}</Typography.Paragraph>
              <Form.List name="mapping">
                {(fields, { add, remove: drop }) => (
                  <>
                    {fields.map((f) => (
                      <Space key={f.key} align="baseline" wrap>
                        <Form.Item name={[f.name, 'field']} rules={[{ required: true }]}>
                          <Select
                            aria-label={t('field')}
                            style={{ width: 170 }}
                            options={FIELDS.map((x) => ({ value: x, label: t(`fields.${x}`) }))}
                          />
                        </Form.Item>
                        <Form.Item name={[f.name, 'path']} rules={[{ required: true, max: 200 }]}>
                          <Input aria-label={t('path')} placeholder="data.content" style={{ width: 180 }} />
                        </Form.Item>
                        <Button size="small" onClick={() => drop(f.name)}>
                          −
                        </Button>
                      </Space>
                    ))}
                    <Form.Item>
                      <Button onClick={() => add()} data-testid="add-mapping">
                        {t('addField')}
                      </Button>
                    </Form.Item>
                  </>
                )}
              </Form.List>
              <Form.Item name="itemsPath" label={t('itemsPath')} extra={t('itemsPathHelp')}>
                <Input placeholder="data.items" />
              </Form.Item>
            </>
          )}
          {kind === 'json_api' && (
            <Space wrap size="middle">
              <Form.Item name="cursorParam" label={t('cursorParam')} extra={t('cursorParamHelp')}>
                <Input placeholder="since" />
              </Form.Item>
              <Form.Item name="cursorPath" label={t('cursorPath')} extra={t('cursorPathHelp')}>
                <Input placeholder="next_cursor" />
              </Form.Item>
            </Space>
          )}
        </Form>
      </Modal>
      <Modal
        open={!!secret}
        title={t('secretTitle')}
        onOk={() => setSecret(undefined)}
        onCancel={() => setSecret(undefined)}
        cancelButtonProps={{ style: { display: 'none' } }}
        destroyOnHidden
      >
        <Alert type="warning" showIcon message={t('shownOnce')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable code data-testid="connector-secret" style={{ wordBreak: 'break-all' }}>
          {secret?.secret}
        </Typography.Paragraph>
        <Typography.Text strong>{t('inboundUrl')}</Typography.Text>
        <Typography.Paragraph copyable code style={{ wordBreak: 'break-all' }}>
          {secret ? `${window.location.origin}${secret.path}` : ''}
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary">{t('verifyHint')}</Typography.Paragraph>
      </Modal>
      <Drawer
        open={!!historyOf}
        title={`${t('history')} · ${historyOf?.name ?? ''}`}
        onClose={() => setHistoryOf(undefined)}
        width={phone ? '100%' : 720}
        destroyOnHidden
      >
        {historyOf && <RunHistory connector={historyOf} phone={phone} />}
      </Drawer>
    </div>
  );
}

function RunHistory({ connector, phone }: { connector: Connector; phone: boolean }) {
  const { t } = useTranslation('connectors');
  const runs = useConnectorRuns(connector.id);
  const counts = (r: ConnectorRun) =>
    `${t('runs.fetched')} ${r.fetched} · ${t('runs.stored')} ${r.stored} · ${t('runs.duplicates')} ${r.duplicates} · ${t('runs.rejected')} ${r.rejected}`;
  if (phone)
    return (
      <List
        loading={runs.isLoading}
        dataSource={runs.data}
        locale={{ emptyText: t('runs.none') }}
        renderItem={(r) => (
          <List.Item data-testid="run-row">
            <Space direction="vertical" size={0}>
              <Space wrap>
                <Tag color={r.status === 'ok' ? 'green' : 'red'}>{t(r.status)}</Tag>
                <span>{t(`runs.triggers.${r.trigger}`)}</span>
                <Typography.Text type="secondary">{new Date(r.startedAt).toLocaleString()}</Typography.Text>
              </Space>
              <span>{counts(r)}</span>
              {r.error && <Typography.Text type="danger">{r.error}</Typography.Text>}
            </Space>
          </List.Item>
        )}
      />
    );
  return (
    <Table
      rowKey="id"
      size="small"
      loading={runs.isLoading}
      dataSource={runs.data}
      // The API answers the latest 50 runs: all on one page of the drawer (antd's default of 10 per page hid
      // the failed message of two weeks of demo history on page two).
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      locale={{ emptyText: t('runs.none') }}
      onRow={() => ({ 'data-testid': 'run-row' }) as never}
      columns={[
        { title: t('runs.at'), dataIndex: 'startedAt', render: (v: string) => new Date(v).toLocaleString() },
        {
          title: t('runs.trigger'),
          dataIndex: 'trigger',
          render: (v: ConnectorRun['trigger']) => t(`runs.triggers.${v}`),
        },
        {
          title: t('status'),
          dataIndex: 'status',
          render: (v: ConnectorRun['status']) => <Tag color={v === 'ok' ? 'green' : 'red'}>{t(v)}</Tag>,
        },
        { title: t('runs.fetched'), dataIndex: 'fetched' },
        { title: t('runs.stored'), dataIndex: 'stored' },
        { title: t('runs.duplicates'), dataIndex: 'duplicates' },
        { title: t('runs.rejected'), dataIndex: 'rejected' },
        {
          title: t('runs.error'),
          dataIndex: 'error',
          render: (v: string | null) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : '—'),
        },
      ]}
    />
  );
}
