import type { TWechatAccountInput } from '@loopcx/shared';
import { App, Button, Card, Form, Input, Popconfirm, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formErrors } from '../../lib/api.ts';
import { useDeleteWechatAccount, useSaveWechatAccount, useWechatAccount } from './api.ts';

/**
 * The tenant's WeChat official account: inside WeChat, the survey page learns the respondent's openid for it
 * (snsapi_base, no consent screen), so WeChat users' answers join one customer and "one response per openid"
 * works. The AppSecret is write-only: the server never answers it.
 */
export function WechatCard() {
  const { t } = useTranslation('settings');
  const { message } = App.useApp();
  const account = useWechatAccount(true);
  const [form] = Form.useForm<TWechatAccountInput>();
  const save = useSaveWechatAccount({
    onSuccess: () => {
      form.setFieldValue('appSecret', undefined);
      message.success(t('saved'));
    },
    onError: (err) => form.setFields(formErrors(err) as never),
  });
  const remove = useDeleteWechatAccount({
    onSuccess: () => {
      form.resetFields();
      message.success(t('wechat.removed'));
    },
  });
  if (account.data === undefined) return null;
  const saved = account.data;
  return (
    <Card title={t('wechat.title')} style={{ marginTop: 16 }} data-testid="wechat-settings">
      <Typography.Paragraph type="secondary">{t('wechat.help')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ appId: saved?.appId, oauthEnabled: saved?.oauthEnabled ?? true }}
        onFinish={(v) =>
          save.mutate({ appId: v.appId.trim(), oauthEnabled: v.oauthEnabled, appSecret: v.appSecret || undefined })
        }
      >
        <Form.Item
          name="appId"
          label={t('wechat.appId')}
          rules={[{ required: true, pattern: /^wx[0-9A-Za-z]{16}$/, message: t('wechat.appIdInvalid') }]}
        >
          <Input placeholder="wx0a1b2c3d4e5f6a7b" autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="appSecret"
          label={t('wechat.appSecret')}
          extra={saved ? t('wechat.secretKept') : undefined}
          rules={[{ required: !saved, message: t('wechat.secretRequired') }]}
        >
          <Input.Password autoComplete="new-password" placeholder={saved ? '••••••••' : undefined} />
        </Form.Item>
        <Form.Item name="oauthEnabled" label={t('wechat.oauth')} valuePropName="checked" extra={t('wechat.oauthHelp')}>
          <Switch />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('core:common.save')}
          </Button>
          {saved && (
            <Popconfirm title={t('wechat.removeConfirm')} onConfirm={() => remove.mutate()}>
              <Button danger loading={remove.isPending}>
                {t('wechat.remove')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      </Form>
    </Card>
  );
}
