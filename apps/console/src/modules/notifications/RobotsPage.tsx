import { NOTIFICATION_KINDS, ROBOT_PROVIDERS } from '@loopcx/shared';
import { App, Button, Form, Input, Popconfirm, Select, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog, ListPageHeader, ResponsiveList } from '../../components/ListPage.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { formErrors } from '../../lib/api.ts';
import { useOrgUnits } from '../../lib/org.ts';
import { useTenantTime } from '../../lib/time.ts';
import { type Robot, useDeleteRobot, useRobots, useSaveRobot, useTestRobot } from './api.ts';

/** Group robots (企业微信 / 钉钉 / 飞书) of the units in scope: add, edit (URL and secret write-only), test, delete. */
export function RobotsPage() {
  const time = useTenantTime();
  const { t } = useTranslation('notifications');
  const { message } = App.useApp();
  const [editing, setEditing] = useState<Robot | 'new' | null>(null);
  const [form] = Form.useForm();
  const provider = Form.useWatch('provider', form) as Robot['provider'] | undefined;
  const robots = useRobots();
  const units = useOrgUnits();
  const unitName = new Map((units.data ?? []).map((u) => [u.id, u.name]));
  const save = useSaveRobot({
    onSuccess: () => setEditing(null),
    onError: (err) => {
      const fields = formErrors(err);
      if (fields.length) form.setFields(fields);
      else message.error(err.message);
    },
  });
  const remove = useDeleteRobot();
  const test = useTestRobot({
    onSuccess: (r) =>
      r.ok ? message.success(t('robots.testOk')) : message.error(t('robots.testFailed', { detail: r.detail })),
    onError: (err) => message.error(err.message),
  });
  const open = (r: Robot | 'new') => {
    setEditing(r);
    form.resetFields();
    form.setFieldsValue(
      r === 'new'
        ? { provider: 'wecom', kinds: ['alert.response'], enabled: true }
        : { name: r.name, provider: r.provider, orgUnitId: r.orgUnitId, kinds: r.kinds, enabled: r.enabled },
    );
  };
  const submit = (v: Record<string, unknown>) => {
    const values = { ...v };
    for (const k of ['webhookUrl', 'secret']) if (!values[k]) delete values[k];
    if (editing && editing !== 'new') {
      delete values.provider;
      delete values.orgUnitId;
      save.mutate({ id: editing.id, values });
    } else save.mutate({ values });
  };
  const kinds = (r: Robot) => (
    <Space size={[4, 4]} wrap>
      {r.kinds.map((k) => (
        <Tag key={k}>{t(`kinds.${k}`, { defaultValue: k })}</Tag>
      ))}
    </Space>
  );
  const actions = (r: Robot) => (
    <Space wrap>
      <Button
        size="small"
        onClick={() => test.mutate(r.id)}
        loading={test.isPending && test.variables === r.id}
        data-testid="robot-test"
      >
        {t('robots.test')}
      </Button>
      <Button size="small" onClick={() => open(r)}>
        {t('robots.edit')}
      </Button>
      <Popconfirm title={t('robots.deleteConfirm')} onConfirm={() => remove.mutate(r.id)}>
        <Button size="small" danger>
          {t('robots.delete')}
        </Button>
      </Popconfirm>
    </Space>
  );
  const status = (r: Robot) =>
    r.lastSentAt ? (
      <Typography.Text type={r.lastStatus === 'ok' ? 'success' : 'danger'}>
        {time.dateTime(r.lastSentAt)} · {r.lastStatus}
      </Typography.Text>
    ) : (
      '—'
    );
  const label = (r: Robot) => (
    <Space wrap>
      <Typography.Text strong>{r.name}</Typography.Text>
      <Tag color="blue">{t(`robots.providers.${r.provider}`)}</Tag>
      {!r.enabled && <Tag>{t('robots.enabled')}: ✕</Tag>}
    </Space>
  );
  return (
    <div>
      <ListPageHeader
        title={t('robots.title')}
        newLabel={t('robots.new')}
        onNew={() => open('new')}
        help={t('robots.help')}
      />
      <ResponsiveList
        query={robots}
        empty={t('robots.none')}
        cardTestId="robot-card"
        card={(r) => (
          <>
            {label(r)}
            <div>
              <Typography.Text type="secondary" style={{ wordBreak: 'break-all' }}>
                {unitName.get(r.orgUnitId) ?? '—'} · {r.webhookHint}
              </Typography.Text>
            </div>
            <div style={{ marginTop: 4 }}>{kinds(r)}</div>
            <div>{status(r)}</div>
            <div style={{ marginTop: 8 }}>{actions(r)}</div>
          </>
        )}
        columns={[
          { title: t('robots.name'), render: (_: unknown, r) => label(r) },
          { title: t('robots.unit'), dataIndex: 'orgUnitId', render: (id: string) => unitName.get(id) ?? '—' },
          {
            title: t('robots.webhookUrl'),
            dataIndex: 'webhookHint',
            render: (h: string) => <Typography.Text style={{ wordBreak: 'break-all' }}>{h}</Typography.Text>,
          },
          { title: t('robots.kinds'), render: (_: unknown, r) => kinds(r) },
          { title: t('robots.lastStatus'), render: (_: unknown, r) => status(r) },
          { title: t('core:common.actions'), render: (_: unknown, r) => actions(r) },
        ]}
      />
      <FormDialog
        open={editing !== null}
        title={editing === 'new' ? t('robots.new') : t('robots.edit')}
        form={form}
        pending={save.isPending}
        onCancel={() => setEditing(null)}
      >
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="name" label={t('robots.name')} rules={[{ required: true, max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="provider" label={t('robots.provider')} rules={[{ required: true }]}>
            <Select
              disabled={editing !== 'new'}
              options={ROBOT_PROVIDERS.map((p) => ({ value: p, label: t(`robots.providers.${p}`) }))}
            />
          </Form.Item>
          <Form.Item name="orgUnitId" label={t('robots.unit')} rules={[{ required: true }]}>
            <UnitPicker disabled={editing !== 'new'} />
          </Form.Item>
          <Form.Item
            name="webhookUrl"
            label={t('robots.webhookUrl')}
            extra={provider ? t(`robots.webhookHelp.${provider}`) : undefined}
            rules={[{ required: editing === 'new' }]}
          >
            <Input.Password
              placeholder={editing !== 'new' ? t('robots.writeOnly') : undefined}
              autoComplete="off"
              visibilityToggle
            />
          </Form.Item>
          {provider !== 'wecom' && (
            <Form.Item name="secret" label={t('robots.secret')} extra={t('robots.secretHelp')}>
              <Input.Password autoComplete="off" placeholder={editing !== 'new' ? t('robots.writeOnly') : undefined} />
            </Form.Item>
          )}
          <Form.Item name="kinds" label={t('robots.kinds')}>
            <Select mode="multiple" options={NOTIFICATION_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="enabled" label={t('robots.enabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </FormDialog>
    </div>
  );
}
