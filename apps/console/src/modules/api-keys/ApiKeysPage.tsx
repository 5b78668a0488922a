import { API_SCOPE_DOMAINS } from '@loopcx/shared';
import { App, Button, Form, Input, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog, ListPageHeader, ResponsiveList } from '../../components/ListPage.tsx';
import { SecretOnceModal } from '../../components/SecretOnceModal.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { formErrors } from '../../lib/api.ts';
import { useOrgUnits } from '../../lib/org.ts';
import { useTenantTime } from '../../lib/time.ts';
import { type ApiKey, useApiKeys, useCreateApiKey, useRevokeApiKey } from './api.ts';

/** Domains whose routes only people use (keys are refused there whatever their scopes). */
const NOT_FOR_KEYS = new Set(['api-keys', 'sdk-keys', 'intercepts', 'security', 'sso', 'auth', 'audit']);

/** The create form's values as the API takes them: no `scopes` for "everything the role reaches". */
function toCreateBody(v: Record<string, unknown>) {
  const { scopeMode, scopes, ...rest } = v;
  return scopeMode === 'pick' ? { ...rest, scopes } : rest;
}

/** The api-keys page (loaded when its route is first opened). */
export function ApiKeysPage() {
  const time = useTenantTime();
  const { t } = useTranslation('api-keys');
  const scopeLabel = (s: string) => {
    const [domain, access] = s.split(':');
    return `${domain === '*' ? t('everyDomain') : t(`domains.${domain}`, { defaultValue: domain })} · ${t(`access.${access}`)}`;
  };
  const { message } = App.useApp();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ name: string; key: string }>();
  const [form] = Form.useForm();
  const keys = useApiKeys();
  const units = useOrgUnits();
  const unitName = new Map((units.data ?? []).map((u) => [u.id, `${u.name} (${u.code})`]));

  const create = useCreateApiKey({
    onSuccess: (k) => {
      setCreating(false);
      form.resetFields();
      setCreated({ name: k.name, key: k.key });
    },
    onError: (err) => {
      form.setFields(formErrors(err));
      message.error(err.message);
    },
  });
  const revoke = useRevokeApiKey({ onError: (err) => message.error(err.message) });

  const scopeTags = (scopes: string[] | null) =>
    scopes === null ? (
      <Tag>{t('allScopes')}</Tag>
    ) : scopes.length === 0 ? (
      '—'
    ) : (
      <Space size={[0, 4]} wrap>
        {scopes.map((s) => (
          <Tag key={s} color={s.endsWith(':write') ? 'orange' : 'blue'}>
            {scopeLabel(s)}
          </Tag>
        ))}
      </Space>
    );
  const lastUsed = (d: string | null) => (d ? time.dateTime(d) : '—');
  const status = (k: ApiKey) =>
    k.revokedAt ? <Tag>{t('revoked')}</Tag> : <Tag color="green">{t('core:common.active')}</Tag>;
  const revokeButton = (k: ApiKey) =>
    !k.revokedAt && (
      <Popconfirm title={t('revokeConfirm', { name: k.name })} onConfirm={() => revoke.mutate(k.id)}>
        <Button size="small" danger>
          {t('revoke')}
        </Button>
      </Popconfirm>
    );

  return (
    <div>
      <ListPageHeader title={t('title')} newLabel={t('new')} onNew={() => setCreating(true)} help={t('help')} />
      <ResponsiveList
        query={keys}
        empty={t('none')}
        cardTestId="api-key-card"
        card={(k) => (
          <>
            <Space wrap>
              <Typography.Text strong>{k.name}</Typography.Text>
              <Typography.Text code>{k.prefix}…</Typography.Text>
              {status(k)}
            </Space>
            <div>
              <Typography.Text type="secondary">
                {t(`core:roles.${k.role}`)} · {unitName.get(k.orgUnitId) ?? '—'} · {t('lastUsed')}:{' '}
                {lastUsed(k.lastUsedAt)}
              </Typography.Text>
            </div>
            <div style={{ marginTop: 4 }}>{scopeTags(k.scopes)}</div>
            <div style={{ marginTop: 8 }}>{revokeButton(k)}</div>
          </>
        )}
        table={{ scroll: { x: 800 } }}
        columns={[
          { title: t('name'), dataIndex: 'name' },
          {
            title: t('prefix'),
            dataIndex: 'prefix',
            render: (p: string) => <Typography.Text code>{p}…</Typography.Text>,
          },
          { title: t('role'), dataIndex: 'role', render: (r: string) => t(`core:roles.${r}`) },
          { title: t('unit'), dataIndex: 'orgUnitId', render: (id: string) => unitName.get(id) ?? '—' },
          { title: t('scopes'), dataIndex: 'scopes', render: scopeTags },
          { title: t('lastUsed'), dataIndex: 'lastUsedAt', render: lastUsed },
          { title: t('core:common.status'), render: (_: unknown, k: ApiKey) => status(k) },
          { title: t('core:common.actions'), render: (_: unknown, k: ApiKey) => revokeButton(k) },
        ]}
      />
      <FormDialog
        open={creating}
        title={t('new')}
        form={form}
        pending={create.isPending}
        onCancel={() => setCreating(false)}
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => create.mutate(toCreateBody(v))}
          initialValues={{ role: 'admin', scopeMode: 'all', scopes: [] }}
        >
          <Form.Item name="name" label={t('name')} rules={[{ required: true, max: 200 }]}>
            <Input placeholder="POS / CRM / ETL" />
          </Form.Item>
          <Form.Item name="role" label={t('role')}>
            <Select
              options={['admin', 'analyst', 'manager', 'agent', 'viewer'].map((r) => ({
                value: r,
                label: t(`core:roles.${r}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="orgUnitId" label={t('unit')} extra={t('unitHelp')}>
            <UnitPicker />
          </Form.Item>
          <Form.Item name="scopeMode" label={t('scopes')} extra={t('scopesHelp')}>
            <Select
              data-testid="scope-mode"
              options={[
                { value: 'all', label: t('allScopes') },
                { value: 'pick', label: t('pickScopes') },
              ]}
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.scopeMode !== b.scopeMode}>
            {({ getFieldValue }) =>
              getFieldValue('scopeMode') === 'pick' && (
                <Form.Item
                  name="scopes"
                  rules={[{ required: true, type: 'array', min: 1, message: t('scopesRequired') }]}
                >
                  <Select
                    data-testid="scope-picker"
                    mode="multiple"
                    allowClear
                    optionFilterProp="label"
                    options={API_SCOPE_DOMAINS.filter((d) => !NOT_FOR_KEYS.has(d)).flatMap((d) =>
                      (['read', 'write'] as const).map((a) => ({ value: `${d}:${a}`, label: scopeLabel(`${d}:${a}`) })),
                    )}
                  />
                </Form.Item>
              )
            }
          </Form.Item>
        </Form>
      </FormDialog>
      <SecretOnceModal
        secret={created?.key}
        title={t('createdTitle')}
        warning={t('shownOnce')}
        hint={t('usage')}
        testId="new-api-key"
        onClose={() => setCreated(undefined)}
      />
    </div>
  );
}
