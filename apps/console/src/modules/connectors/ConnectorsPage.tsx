import { App, Button, Form, Popconfirm, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DetailDrawer, FormDialog, ListPageHeader, ResponsiveList, usePhone } from '../../components/ListPage.tsx';
import { SecretOnceModal } from '../../components/SecretOnceModal.tsx';
import { formErrors } from '../../lib/api.ts';
import {
  type Connector,
  useConnectors,
  useCreateConnector,
  useDeleteConnector,
  usePollConnector,
  useRotateConnectorSecret,
  useToggleConnector,
} from './api.ts';
import { ConnectorForm } from './ConnectorForm.tsx';
import { RunHistory } from './RunHistory.tsx';

/** The page (loaded when its route is first opened). */
export function ConnectorsPage() {
  const { t } = useTranslation('connectors');
  const { message } = App.useApp();
  const phone = usePhone();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ secret: string; path: string }>();
  const [historyOf, setHistoryOf] = useState<Connector>();
  const [form] = Form.useForm();
  const list = useConnectors();

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
      <ListPageHeader title={t('title')} newLabel={t('new')} onNew={() => setCreating(true)} help={t('help')} />
      <ResponsiveList
        query={list}
        empty={t('none')}
        cardTestId="connector-card"
        card={(c) => (
          <>
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
          </>
        )}
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
      <FormDialog
        open={creating}
        title={t('new')}
        form={form}
        pending={create.isPending}
        onCancel={() => setCreating(false)}
        width={phone ? '100%' : 640}
      >
        <ConnectorForm form={form} onSubmit={(body) => create.mutate(body)} />
      </FormDialog>
      <SecretOnceModal
        secret={secret?.secret}
        title={t('secretTitle')}
        warning={t('shownOnce')}
        hint={t('verifyHint')}
        testId="connector-secret"
        onClose={() => setSecret(undefined)}
      >
        <Typography.Text strong>{t('inboundUrl')}</Typography.Text>
        <Typography.Paragraph copyable code style={{ wordBreak: 'break-all' }}>
          {secret ? `${window.location.origin}${secret.path}` : ''}
        </Typography.Paragraph>
      </SecretOnceModal>
      <DetailDrawer
        open={!!historyOf}
        title={`${t('history')} · ${historyOf?.name ?? ''}`}
        width={720}
        onClose={() => setHistoryOf(undefined)}
      >
        {historyOf && <RunHistory connector={historyOf} />}
      </DetailDrawer>
    </div>
  );
}
