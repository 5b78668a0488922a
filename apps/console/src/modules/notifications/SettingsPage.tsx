import { channelOffered, PREFERENCE_CHANNELS, type TNotificationKind } from '@loopcx/shared';
import { Alert, App, Button, Card, Checkbox, Space, Spin, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePhone } from '../../components/ListPage.tsx';
import { disablePush, enablePush, pushSupported, usePreferences, useSavePreferences } from './api.ts';

type Channel = (typeof PREFERENCE_CHANNELS)[number];

/** The caller's notification settings: channels per kind, and web push in this browser. */
export function NotificationSettingsPage() {
  const { t } = useTranslation('notifications');
  const { message } = App.useApp();
  const phone = usePhone();
  const prefs = usePreferences();
  const save = useSavePreferences({ onSuccess: () => message.success(t('prefs.saved')) });
  const [pushBusy, setPushBusy] = useState(false);
  const [pushError, setPushError] = useState<string>();
  const toggle = (kind: string, channel: Channel, enabled: boolean) => save.mutate([{ kind, channel, enabled }]);

  const push = async (on: boolean) => {
    setPushBusy(true);
    setPushError(undefined);
    try {
      await (on ? enablePush() : disablePush());
      await prefs.refetch();
      message.success(on ? t('prefs.pushEnabled') : t('prefs.saved'));
    } catch (err) {
      setPushError(err instanceof Error && err.message === 'permission' ? t('prefs.pushDenied') : String(err));
    } finally {
      setPushBusy(false);
    }
  };

  if (prefs.isLoading || !prefs.data) return <Spin style={{ display: 'block', margin: 48 }} />;
  const items = prefs.data.items;
  const box = (kind: TNotificationKind, c: Channel, on: boolean) =>
    !channelOffered(kind, c) ? (
      // A ready report is mailed with its PDF by its schedule: no second, notification email to switch.
      <Typography.Text type="secondary" data-testid={`pref-${kind}-${c}`} data-offered="false" style={{ fontSize: 12 }}>
        {phone ? `${t(`prefs.${c}`)}: ` : null}
        {t(`prefs.notOffered.${kind}.${c}`, { defaultValue: '—' })}
      </Typography.Text>
    ) : (
      <span data-testid={`pref-${kind}-${c}`} data-checked={on ? 'true' : 'false'}>
        <Checkbox
          checked={on}
          onChange={(e) => toggle(kind, c, e.target.checked)}
          aria-label={`${t(`kinds.${kind}`)} · ${t(`prefs.${c}`)}`}
        >
          {phone ? t(`prefs.${c}`) : null}
        </Checkbox>
      </span>
    );
  return (
    <div style={{ maxWidth: 760 }}>
      <Typography.Title level={4}>{t('prefs.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('prefs.help')}</Typography.Paragraph>
      {phone ? (
        items.map((p) => (
          <Card key={p.kind} size="small" style={{ marginBottom: 8 }} title={t(`kinds.${p.kind}`)}>
            <Space wrap>
              {PREFERENCE_CHANNELS.map((c) => (
                <span key={c}>{box(p.kind, c, p.channels[c] ?? false)}</span>
              ))}
            </Space>
          </Card>
        ))
      ) : (
        <Table
          rowKey="kind"
          size="small"
          pagination={false}
          dataSource={items}
          columns={[
            { title: t('prefs.kind'), dataIndex: 'kind', render: (k: string) => t(`kinds.${k}`) },
            ...PREFERENCE_CHANNELS.map((c) => ({
              title: t(`prefs.${c}`),
              key: c,
              align: 'center' as const,
              render: (_: unknown, p: (typeof items)[number]) => box(p.kind, c, p.channels[c] ?? false),
            })),
          ]}
        />
      )}
      <Card size="small" title={t('prefs.pushTitle')} style={{ marginTop: 16 }}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('prefs.pushDevices', { n: prefs.data.pushDevices })}</Typography.Text>
          {pushSupported() ? (
            <Space wrap>
              <Button type="primary" loading={pushBusy} onClick={() => void push(true)} data-testid="push-on">
                {t('prefs.pushOn')}
              </Button>
              <Button loading={pushBusy} onClick={() => void push(false)}>
                {t('prefs.pushOff')}
              </Button>
            </Space>
          ) : (
            <Alert type="info" showIcon message={t('prefs.pushUnsupported')} />
          )}
          {pushError && <Alert type="error" showIcon message={pushError} />}
          <Typography.Text type="secondary">{t('prefs.install')}</Typography.Text>
        </Space>
      </Card>
    </div>
  );
}
