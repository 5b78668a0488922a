import { CHANNEL_KINDS, type TChannelKind, type TChannelTestResponse } from '@loopcx/shared';
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  FormDialog,
  ListPageHeader,
  RecordDialog,
  ResponsiveList,
  useRecordDialog,
} from '../../components/ListPage.tsx';
import { SecretOnceModal } from '../../components/SecretOnceModal.tsx';
import { formErrors } from '../../lib/api.ts';
import {
  type Channel,
  type ChannelInput,
  type ChannelTestTarget,
  useChannels,
  useDeleteChannel,
  useSaveChannel,
  useTestChannel,
  useToggleChannel,
} from './api.ts';

/** The address field a test send of each built-in kind needs. */
const TEST_FIELD: Partial<Record<TChannelKind, keyof ChannelTestTarget>> = {
  email: 'email',
  sms: 'phone',
  'wechat-template': 'wechatOpenid',
};

/** The form's values: the channel, its kind's settings (`config`) and any newly typed secrets. */
type ChannelForm = ChannelInput & { secrets?: Record<string, string | undefined> };

/** Drops blank secrets: on an edit a blank field keeps the stored one (secrets are never read back). */
function typedSecrets(secrets: Record<string, string | undefined> | undefined) {
  const out = Object.fromEntries(Object.entries(secrets ?? {}).filter(([, v]) => typeof v === 'string' && v !== ''));
  return Object.keys(out).length ? (out as Record<string, string>) : undefined;
}

/** The settings and secrets of one channel kind, as form items named `config.<key>` / `secrets.<key>`. */
function KindFields(props: { kind: TChannelKind; isNew: boolean; hasSecrets: boolean }) {
  const { t } = useTranslation('reach');
  const secretRule = props.isNew ? [{ required: true }] : [];
  const secretHelp = props.isNew || !props.hasSecrets ? undefined : t('channels.secretKept');
  switch (props.kind) {
    case 'webhook':
      return (
        <Form.Item
          name="url"
          label={t('channels.url')}
          extra={t('channels.urlHelp')}
          rules={[{ required: true, type: 'url', max: 2000 }]}
        >
          <Input placeholder="https://gateway.example.com/loopcx/invitations" />
        </Form.Item>
      );
    case 'email':
      return (
        <>
          <Form.Item name={['config', 'host']} label={t('channels.email.host')} rules={[{ required: true }]}>
            <Input placeholder="smtp.example.com" />
          </Form.Item>
          <Space wrap>
            <Form.Item name={['config', 'port']} label={t('channels.email.port')} rules={[{ required: true }]}>
              <InputNumber min={1} max={65535} precision={0} />
            </Form.Item>
            <Form.Item
              name={['config', 'secure']}
              label={t('channels.email.secure')}
              valuePropName="checked"
              initialValue={false}
            >
              <Switch />
            </Form.Item>
          </Space>
          <Form.Item name={['config', 'user']} label={t('channels.email.user')}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name={['secrets', 'password']} label={t('channels.email.password')} extra={secretHelp}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name={['config', 'from']}
            label={t('channels.email.from')}
            rules={[{ required: true }]}
            extra={t('channels.email.fromHelp')}
          >
            <Input placeholder="味道餐厅 <survey@example.com>" />
          </Form.Item>
        </>
      );
    case 'sms':
      return (
        <>
          <Form.Item
            name={['config', 'accessKeyId']}
            label={t('channels.sms.accessKeyId')}
            rules={[{ required: true }]}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item
            name={['secrets', 'accessKeySecret']}
            label={t('channels.sms.accessKeySecret')}
            rules={secretRule}
            extra={secretHelp}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item name={['config', 'signName']} label={t('channels.sms.signName')} rules={[{ required: true }]}>
            <Input placeholder="味道餐厅" />
          </Form.Item>
          <Form.Item
            name={['config', 'templateCode']}
            label={t('channels.sms.templateCode')}
            rules={[{ required: true }]}
            extra={t('channels.sms.templateHelp')}
          >
            <Input placeholder="SMS_465123456" />
          </Form.Item>
          <Form.Item name={['config', 'baseUrl']} label={t('channels.baseUrl')} extra={t('channels.baseUrlHelp')}>
            <Input placeholder="https://dysmsapi.aliyuncs.com" />
          </Form.Item>
        </>
      );
    case 'wechat-template':
      return (
        <>
          <Form.Item name={['config', 'appId']} label={t('channels.wechat.appId')} rules={[{ required: true }]}>
            <Input placeholder="wx0123456789abcdef" autoComplete="off" />
          </Form.Item>
          <Form.Item
            name={['secrets', 'appSecret']}
            label={t('channels.wechat.appSecret')}
            rules={secretRule}
            extra={secretHelp}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name={['config', 'templateId']}
            label={t('channels.wechat.templateId')}
            rules={[{ required: true }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name={['config', 'apiBaseUrl']} label={t('channels.baseUrl')} extra={t('channels.baseUrlHelp')}>
            <Input placeholder="https://api.weixin.qq.com" />
          </Form.Item>
        </>
      );
  }
}

/** Distribution → Channels: where invitations go out (a signed webhook gateway, SMTP, SMS, WeChat template messages). */
export function ChannelsPage() {
  const { t } = useTranslation('reach');
  const { message } = App.useApp();
  const [form] = Form.useForm<ChannelForm>();
  const dialog = useRecordDialog<Channel>(form, { kind: 'webhook', enabled: true });
  const [secret, setSecret] = useState<string>();
  const [tested, setTested] = useState<{ channel: Channel; result: TChannelTestResponse }>();
  const [addressing, setAddressing] = useState<Channel>();
  const [testForm] = Form.useForm();
  const channels = useChannels();
  const editing = dialog.editing && dialog.editing !== 'new' ? dialog.editing : undefined;
  const kind = (Form.useWatch('kind', form) ?? editing?.kind ?? 'webhook') as TChannelKind;

  const save = useSaveChannel({
    onSuccess: (c, { id }) => {
      dialog.close();
      message.success(t('saved'));
      if (!id && c.secret) setSecret(c.secret);
    },
    onError: (err) => {
      form.setFields(formErrors(err));
      message.error(err.message);
    },
  });
  const toggle = useToggleChannel({ onError: (err) => message.error(err.message) });
  const remove = useDeleteChannel({ onError: (err) => message.error(err.message) });
  const test = useTestChannel({
    onSuccess: (result, { id }) => {
      setAddressing(undefined);
      const channel = channels.data?.find((c) => c.id === id);
      if (channel) setTested({ channel, result });
    },
    onError: (err) => {
      testForm.setFields(formErrors(err));
      message.error(err.message);
    },
  });
  // A webhook gateway is tested as is; the built-in channels need an address to deliver the sample to.
  const startTest = (c: Channel) => {
    if (c.kind === 'webhook') test.mutate({ id: c.id });
    else {
      testForm.resetFields();
      setAddressing(c);
    }
  };
  const testField = addressing && TEST_FIELD[addressing.kind];

  const kindTag = (k: TChannelKind) => <Tag color="blue">{t(`channels.kinds.${k}`)}</Tag>;
  const target = (c: Channel) =>
    c.url ??
    String(c.config.host ?? c.config.signName ?? c.config.appId ?? '') +
      (c.config.templateCode ? ` · ${c.config.templateCode}` : '');
  const actions = (c: Channel) => (
    <Space wrap>
      <Switch
        size="small"
        checked={c.enabled}
        aria-label={t('enabled')}
        onChange={(enabled) => toggle.mutate({ id: c.id, enabled })}
      />
      <Button
        size="small"
        data-testid="channel-test"
        loading={test.isPending && test.variables?.id === c.id}
        onClick={() => startTest(c)}
      >
        {t('channels.test')}
      </Button>
      <Button size="small" onClick={() => dialog.open(c)}>
        {t('edit')}
      </Button>
      <Popconfirm title={t('channels.deleteConfirm')} onConfirm={() => remove.mutate(c.id)}>
        <Button size="small" danger>
          {t('delete')}
        </Button>
      </Popconfirm>
    </Space>
  );

  return (
    <div>
      <ListPageHeader
        title={t('channels.title')}
        newLabel={t('channels.new')}
        onNew={() => dialog.open('new')}
        help={t('channels.help')}
      />
      <ResponsiveList
        query={channels}
        empty={t('channels.none')}
        cardTestId="channel-card"
        card={(c) => (
          <>
            <Space wrap>
              <Typography.Text strong>{c.name}</Typography.Text>
              {kindTag(c.kind)}
            </Space>
            <div>
              <Typography.Text type="secondary" style={{ wordBreak: 'break-all' }}>
                {target(c)}
              </Typography.Text>
            </div>
            <div style={{ marginTop: 8 }}>{actions(c)}</div>
          </>
        )}
        columns={[
          { title: t('name'), dataIndex: 'name' },
          { title: t('channels.kind'), dataIndex: 'kind', render: (k: TChannelKind) => kindTag(k) },
          {
            title: t('channels.target'),
            render: (_: unknown, c) => (
              <Typography.Text style={{ wordBreak: 'break-all' }}>{target(c)}</Typography.Text>
            ),
          },
          { title: t('core:common.actions'), render: (_: unknown, c) => actions(c) },
        ]}
      />
      <RecordDialog<ChannelForm>
        dialog={dialog}
        newTitle={t('channels.new')}
        save={{
          isPending: save.isPending,
          mutate: ({ id, values }) =>
            save.mutate({
              id,
              values: {
                kind: values.kind ?? editing?.kind,
                name: values.name,
                ...(values.url ? { url: values.url } : {}),
                ...(values.config || editing?.config
                  ? { config: { ...(editing?.config ?? {}), ...stripBlank(values.config) } }
                  : {}),
                ...(typedSecrets(values.secrets) ? { secrets: typedSecrets(values.secrets) } : {}),
              },
            }),
        }}
      >
        <Form.Item name="kind" label={t('channels.kind')} rules={[{ required: true }]}>
          <Select
            disabled={!dialog.isNew}
            options={CHANNEL_KINDS.map((k) => ({ value: k, label: t(`channels.kinds.${k}`) }))}
          />
        </Form.Item>
        <Form.Item name="name" label={t('name')} rules={[{ required: true, max: 200 }]}>
          <Input />
        </Form.Item>
        <KindFields kind={kind} isNew={dialog.isNew} hasSecrets={!!editing?.hasSecrets} />
      </RecordDialog>
      <SecretOnceModal
        secret={secret}
        title={t('channels.secretTitle')}
        warning={t('channels.shownOnce')}
        hint={t('channels.verifyHint')}
        testId="channel-secret"
        onClose={() => setSecret(undefined)}
      />
      <FormDialog
        open={!!addressing}
        title={t('channels.testTitle', { name: addressing?.name })}
        form={testForm}
        pending={test.isPending}
        onCancel={() => setAddressing(undefined)}
      >
        <Form
          form={testForm}
          layout="vertical"
          onFinish={(to: ChannelTestTarget) => addressing && test.mutate({ id: addressing.id, to })}
        >
          {testField && (
            <Form.Item
              name={testField}
              label={t(`channels.testTo.${testField}`)}
              extra={t('channels.testToHelp')}
              rules={[{ required: true, ...(testField === 'email' ? { type: 'email' as const } : {}) }]}
            >
              <Input autoComplete="off" />
            </Form.Item>
          )}
        </Form>
      </FormDialog>
      <Modal
        open={!!tested}
        title={t('channels.testTitle', { name: tested?.channel.name })}
        onOk={() => setTested(undefined)}
        onCancel={() => setTested(undefined)}
        cancelButtonProps={{ style: { display: 'none' } }}
      >
        {tested && (
          <div data-testid="channel-test-result">
            <Alert
              type={tested.result.ok ? 'success' : 'error'}
              showIcon
              message={
                tested.result.ok
                  ? t('channels.testOk', { ms: tested.result.latencyMs })
                  : t('channels.testFailed', { error: tested.result.error })
              }
              description={
                tested.result.providerId ? t('channels.providerId', { id: tested.result.providerId }) : undefined
              }
            />
          </div>
        )}
      </Modal>
    </div>
  );
}

/** Leaves out settings left blank (optional ones such as a base URL), so the server applies its default. */
function stripBlank(config: Record<string, unknown> | undefined) {
  return Object.fromEntries(Object.entries(config ?? {}).filter(([, v]) => v !== undefined && v !== null && v !== ''));
}
