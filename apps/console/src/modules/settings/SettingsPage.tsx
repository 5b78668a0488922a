import { Alert, App, Button, Card, Form, Input, Select, Space, Spin, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formErrors } from '../../lib/api.ts';
import { useMe } from '../../lib/me.tsx';
import { type TenantSettings, useSaveTenantSettings, useTenantSettings } from './api.ts';
import { EmbedCard } from './EmbedCard.tsx';
import { WechatCard } from './WechatCard.tsx';

/** The zones the browser knows, the tenant's own first if it is missing from the list. */
function zoneOptions(current: string | undefined) {
  const list: string[] =
    (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  const all = ['UTC', ...list.filter((z) => z !== 'UTC')];
  if (current && !all.includes(current)) all.unshift(current);
  return all.map((z) => ({ value: z, label: z }));
}

/** A wall clock in a zone, ticking every 30 s: shows what "today" is for the tenant. */
function useClock(tz: string | undefined, locale: string) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(id);
  }, []);
  if (!tz) return '';
  try {
    return new Intl.DateTimeFormat(locale, { timeZone: tz, dateStyle: 'full', timeStyle: 'short' }).format(now);
  } catch {
    return '';
  }
}

/** Tenant settings: name, default language and the time zone every day boundary is counted in. */
export function SettingsPage() {
  const { t, i18n } = useTranslation('settings');
  const { message } = App.useApp();
  const me = useMe();
  const settings = useTenantSettings();
  const [form] = Form.useForm<TenantSettings>();
  const tz = Form.useWatch('timezone', form);
  const save = useSaveTenantSettings({
    onSuccess: () => message.success(t('saved')),
    onError: (err) => form.setFields(formErrors(err) as never),
  });
  const options = useMemo(() => zoneOptions(settings.data?.timezone), [settings.data?.timezone]);
  const clock = useClock(tz, i18n.language === 'en' ? 'en-US' : 'zh-CN');
  const canWrite = me.can('tenant.write');
  if (!settings.data) return <Spin />;
  return (
    <div style={{ maxWidth: 640 }}>
      <Typography.Title level={4}>{t('title')}</Typography.Title>
      <Card>
        <Form
          form={form}
          layout="vertical"
          initialValues={settings.data}
          disabled={!canWrite}
          onFinish={(v) => save.mutate({ name: v.name, defaultLocale: v.defaultLocale, timezone: v.timezone })}
        >
          <Form.Item name="name" label={t('name')} rules={[{ required: true, message: t('nameRequired') }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="defaultLocale" label={t('defaultLocale')}>
            <Select
              options={[
                { value: 'zh-CN', label: '简体中文' },
                { value: 'en', label: 'English' },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="timezone"
            label={t('timezone')}
            extra={clock ? t('localNow', { time: clock }) : undefined}
            rules={[{ required: true, message: t('timezoneRequired') }]}
          >
            <Select showSearch options={options} data-testid="tenant-timezone" />
          </Form.Item>
          <Alert type="info" showIcon message={t('timezoneHelp')} style={{ marginBottom: 16 }} />
          {canWrite && (
            <Space>
              <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="tenant-save">
                {t('core:common.save')}
              </Button>
            </Space>
          )}
        </Form>
      </Card>
      {me.can('security.manage') && <EmbedCard />}
      {me.can('security.manage') && <WechatCard />}
    </div>
  );
}
