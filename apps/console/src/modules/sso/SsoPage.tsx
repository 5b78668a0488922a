import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Popconfirm,
  Row,
  Select,
  Space,
  Switch,
  TreeSelect,
  Typography,
} from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { formErrors } from '../../lib/api.ts';
import { toTree, useOrgUnits } from '../../lib/org.ts';
import { type SsoConfigInput, useDeleteSsoConfig, useSaveSsoConfig, useSsoConfig } from './api.ts';

const MAPPED_ROLES = ['admin', 'analyst', 'manager', 'agent', 'viewer'];

/** The page (loaded when its route is first opened). */
export function SsoPage() {
  const { t } = useTranslation('sso');
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const config = useSsoConfig();
  const units = useOrgUnits();
  const unitTree = toTree(units.data ?? []);
  const issuer = Form.useWatch('issuer', form);
  const roleOptions = MAPPED_ROLES.map((r) => ({ value: r, label: t(`core:roles.${r}`) }));

  useEffect(() => {
    if (!config.data) return;
    const { configured, hasClientSecret, redirectUri, loginUrl, updatedAt, ...values } = config.data;
    form.setFieldsValue({ ...values, clientSecret: undefined, ...(configured ? {} : { enabled: true }) });
  }, [config.data, form]);

  const save = useSaveSsoConfig({
    onSuccess: () => message.success(t('saved')),
    onError: (err) => {
      form.setFields(formErrors(err));
      message.error(err.message);
    },
  });
  const remove = useDeleteSsoConfig({ onError: (err) => message.error(err.message) });
  const submit = (v: SsoConfigInput) =>
    save.mutate({
      ...v,
      clientSecret: v.clientSecret || undefined,
      roleClaim: v.roleClaim || null,
      unitClaim: v.unitClaim || null,
      defaultOrgUnitId: v.defaultOrgUnitId || null,
      roleRules: v.roleRules ?? [],
      unitRules: v.unitRules ?? [],
    });

  return (
    <div style={{ maxWidth: 960 }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('help')}</Typography.Paragraph>
      {config.data && (
        <Card size="small" title={t('register')} style={{ marginBottom: 16 }}>
          <Descriptions column={1} size="small" layout="vertical">
            <Descriptions.Item label={t('redirectUri')}>
              <Typography.Text copyable code data-testid="sso-redirect-uri" style={{ wordBreak: 'break-all' }}>
                {config.data.redirectUri}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('loginUrl')}>
              <Space direction="vertical" size={0}>
                <Typography.Text copyable code style={{ wordBreak: 'break-all' }}>
                  {config.data.loginUrl}
                </Typography.Text>
                <Typography.Text type="secondary">{t('loginUrlHelp')}</Typography.Text>
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('updatedAt')}>
              {config.data.updatedAt ? new Date(config.data.updatedAt).toLocaleString() : t('notConfigured')}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      <Form form={form} layout="vertical" onFinish={submit} disabled={config.isLoading} data-testid="sso-form">
        <Card size="small" title={t('provider')} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="enabled" label={t('enabled')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="providerName"
                label={t('providerName')}
                extra={t('providerNameHelp')}
                rules={[{ required: true, max: 60 }]}
              >
                <Input placeholder="Keycloak" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="issuer"
                label={t('issuer')}
                extra={t('issuerHelp', { issuer: issuer || 'https://…' })}
                rules={[{ required: true, type: 'url' }]}
              >
                <Input placeholder="https://sso.example.com/realms/main" inputMode="url" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="scopes" label={t('scopes')} rules={[{ required: true }]}>
                <Input placeholder="openid email profile" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="clientId" label={t('clientId')} rules={[{ required: true, max: 200 }]}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="clientSecret"
                label={t('clientSecret')}
                extra={config.data?.hasClientSecret ? t('clientSecretKeep') : t('clientSecretNew')}
                rules={[{ required: !config.data?.hasClientSecret }]}
              >
                <Input.Password autoComplete="new-password" data-testid="sso-client-secret" />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card size="small" title={t('mapping')} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="roleClaim" label={t('roleClaim')} extra={t('roleClaimHelp')}>
                <Input placeholder="groups" />
              </Form.Item>
              <Typography.Text strong>{t('roleRules')}</Typography.Text>
              <Form.List name="roleRules">
                {(fields, { add, remove: drop }) => (
                  <div style={{ marginTop: 8 }}>
                    {fields.map((f) => (
                      <Space key={f.key} align="start" wrap style={{ display: 'flex' }}>
                        <Form.Item name={[f.name, 'value']} rules={[{ required: true }]}>
                          <Input placeholder={t('claimValue')} style={{ width: 150 }} />
                        </Form.Item>
                        <Form.Item name={[f.name, 'role']} rules={[{ required: true }]}>
                          <Select options={roleOptions} style={{ width: 120 }} />
                        </Form.Item>
                        <Button icon={<DeleteOutlined />} onClick={() => drop(f.name)} aria-label="remove" />
                      </Space>
                    ))}
                    <Button
                      icon={<PlusOutlined />}
                      onClick={() => add({ role: 'viewer' })}
                      style={{ marginBottom: 16 }}
                    >
                      {t('addRule')}
                    </Button>
                  </div>
                )}
              </Form.List>
              <Form.Item name="defaultRole" label={t('defaultRole')}>
                <Select options={roleOptions} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="unitClaim" label={t('unitClaim')} extra={t('unitClaimHelp')}>
                <Input placeholder="store_code" />
              </Form.Item>
              <Typography.Text strong>{t('unitRules')}</Typography.Text>
              <Form.List name="unitRules">
                {(fields, { add, remove: drop }) => (
                  <div style={{ marginTop: 8 }}>
                    {fields.map((f) => (
                      <Space key={f.key} align="start" wrap style={{ display: 'flex' }}>
                        <Form.Item name={[f.name, 'value']} rules={[{ required: true }]}>
                          <Input placeholder={t('claimValue')} style={{ width: 150 }} />
                        </Form.Item>
                        <Form.Item name={[f.name, 'orgUnitId']} rules={[{ required: true }]}>
                          <TreeSelect
                            treeData={unitTree}
                            showSearch
                            treeNodeFilterProp="title"
                            style={{ width: 180 }}
                          />
                        </Form.Item>
                        <Button icon={<DeleteOutlined />} onClick={() => drop(f.name)} aria-label="remove" />
                      </Space>
                    ))}
                    <Button icon={<PlusOutlined />} onClick={() => add({})} style={{ marginBottom: 16 }}>
                      {t('addRule')}
                    </Button>
                  </div>
                )}
              </Form.List>
              <Form.Item name="defaultOrgUnitId" label={t('defaultUnit')}>
                <TreeSelect allowClear treeData={unitTree} showSearch treeNodeFilterProp="title" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="jit" label={t('jit')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="ssoOnly" label={t('ssoOnly')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Card>
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="sso-save">
            {t('core:common.save')}
          </Button>
          {config.data?.configured && (
            <Popconfirm title={t('removeConfirm')} onConfirm={() => remove.mutate()}>
              <Button danger>{t('remove')}</Button>
            </Popconfirm>
          )}
        </Space>
      </Form>
    </div>
  );
}
