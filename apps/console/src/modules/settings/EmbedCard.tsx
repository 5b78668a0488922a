import { App, Button, Card, Form, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formErrors } from '../../lib/api.ts';
import { useSaveSecuritySettings, useSecuritySettings } from './api.ts';

/** The same rule the server applies: 'self' or an https origin, optionally `*.` and a port; nothing else. */
const SOURCE = /^(?:'self'|https:\/\/(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?::\d{1,5})?)$/;

/**
 * Sites allowed to embed the survey page (the CSP `frame-ancestors` of `/s/…`): mini-program web-views, a shop's
 * own pages. Empty means no site may show surveys in a frame; the console itself is never frameable.
 */
export function EmbedCard() {
  const { t } = useTranslation('settings');
  const { message } = App.useApp();
  const settings = useSecuritySettings(true);
  const [form] = Form.useForm<{ frameAncestors: string[] }>();
  const save = useSaveSecuritySettings({
    onSuccess: (v) => {
      form.setFieldsValue(v);
      message.success(t('saved'));
    },
    onError: (err) => form.setFields(formErrors(err) as never),
  });
  if (!settings.data) return null;
  return (
    <Card title={t('embed.title')} style={{ marginTop: 16 }} data-testid="embed-settings">
      <Typography.Paragraph type="secondary">{t('embed.help')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={settings.data}
        onFinish={(v) => save.mutate({ frameAncestors: v.frameAncestors ?? [] })}
      >
        <Form.Item
          name="frameAncestors"
          label={t('embed.sites')}
          extra={t('embed.example')}
          normalize={(list: string[]) => list.map((s) => s.trim().toLowerCase()).filter(Boolean)}
          rules={[
            {
              validator: async (_, list: string[] | undefined) => {
                const bad = (list ?? []).filter((s) => !SOURCE.test(s));
                if (bad.length) throw new Error(t('embed.invalid', { sites: bad.join(', ') }));
                if ((list ?? []).length > 20) throw new Error(t('embed.tooMany'));
              },
            },
          ]}
        >
          <Select
            mode="tags"
            tokenSeparators={[',', ' ', '，']}
            open={false}
            placeholder={t('embed.none')}
            aria-label={t('embed.sites')}
            options={[]}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('core:common.save')}
        </Button>
      </Form>
    </Card>
  );
}
