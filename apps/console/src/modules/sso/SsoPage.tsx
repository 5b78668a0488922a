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
  Typography,
} from 'antd';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { formErrors } from '../../lib/api.ts';
import { type SsoConfigInput, useDeleteSsoConfig, useSaveSsoConfig, useSsoConfig } from './api.ts';

const MAPPED_ROLES = ['admin', 'analyst', 'manager', 'agent', 'viewer'];

/**
 * One claim of the ID token mapped onto loopcx: the claim's name, rules "this claim value → that target", and (as
 * children) the fallback when no rule matches. Roles and units are mapped the same way.
 */
function ClaimMapping(props: {
  claim: 'roleClaim' | 'unitClaim';
  rules: 'roleRules' | 'unitRules';
  placeholder: string;
  targetField: 'role' | 'orgUnitId';
  /** The control choosing a rule's target (Form.Item passes value and onChange). */
  target: ReactNode;
  newRule: Record<string, unknown>;
  children: ReactNode;
}) {
  const { t } = useTranslation('sso');
  return (
    <>
      <Form.Item name={props.claim} label={t(props.claim)} extra={t(`${props.claim}Help`)}>
        <Input placeholder={props.placeholder} />
      </Form.Item>
      <Typography.Text strong>{t(props.rules)}</Typography.Text>
      <Form.List name={props.rules}>
        {(fields, { add, remove: drop }) => (
          <div style={{ marginTop: 8 }}>
            {fields.map((f) => (
              <Space key={f.key} align="start" wrap style={{ display: 'flex' }}>
                <Form.Item name={[f.name, 'value']} rules={[{ required: true }]}>
                  <Input placeholder={t('claimValue')} style={{ width: 150 }} />
                </Form.Item>
                <Form.Item name={[f.name, props.targetField]} rules={[{ required: true }]}>
                  {props.target}
                </Form.Item>
                <Button icon={<DeleteOutlined />} onClick={() => drop(f.name)} aria-label="remove" />
              </Space>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add(props.newRule)} style={{ marginBottom: 16 }}>
              {t('addRule')}
            </Button>
          </div>
        )}
      </Form.List>
      {props.children}
    </>
  );
}

/** The page (loaded when its route is first opened). */
export function SsoPage() {
  const { t } = useTranslation('sso');
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const config = useSsoConfig();
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
              <ClaimMapping
                claim="roleClaim"
                rules="roleRules"
                placeholder="groups"
                targetField="role"
                target={<Select options={roleOptions} style={{ width: 120 }} />}
                newRule={{ role: 'viewer' }}
              >
                <Form.Item name="defaultRole" label={t('defaultRole')}>
                  <Select options={roleOptions} />
                </Form.Item>
              </ClaimMapping>
            </Col>
            <Col xs={24} md={12}>
              <ClaimMapping
                claim="unitClaim"
                rules="unitRules"
                placeholder="store_code"
                targetField="orgUnitId"
                target={<UnitPicker allowClear={false} treeDefaultExpandAll={false} style={{ width: 180 }} />}
                newRule={{}}
              >
                <Form.Item name="defaultOrgUnitId" label={t('defaultUnit')}>
                  <UnitPicker treeDefaultExpandAll={false} />
                </Form.Item>
              </ClaimMapping>
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
