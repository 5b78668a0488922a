import { App, Button, Popconfirm, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListPageHeader, ResponsiveList } from '../../components/ListPage.tsx';
import { useSurveys } from '../surveys/api.ts';
import { type Trigger, useChannels, useDeleteTrigger, useSaveTrigger, useTriggers } from './api.ts';
import { DryRunDrawer } from './DryRunDrawer.tsx';
import { TriggerDialog } from './TriggerDialog.tsx';

/** Distribution → Triggers: which events invite their customer to which survey, with the builder and a dry-run. */
export function TriggersPage() {
  const { t } = useTranslation('reach');
  const { message } = App.useApp();
  const [editing, setEditing] = useState<Trigger | 'new' | null>(null);
  const [dryRunOf, setDryRunOf] = useState<Trigger>();
  const triggers = useTriggers();
  const surveys = useSurveys();
  const channels = useChannels();
  const surveyName = new Map((surveys.data ?? []).map((s) => [s.id, s.name]));
  const channelName = new Map((channels.data ?? []).map((c) => [c.id, c.name]));
  const toggle = useSaveTrigger({ onError: (err) => message.error(err.message) });
  const remove = useDeleteTrigger({ onError: (err) => message.error(err.message) });

  const rule = (tr: Trigger) => (
    <Space direction="vertical" size={2}>
      <Space wrap size={4}>
        <Tag color="geekblue">{tr.eventType}</Tag>
        {tr.condition && (
          <Typography.Text code style={{ wordBreak: 'break-all' }}>
            {tr.condition}
          </Typography.Text>
        )}
      </Space>
      <Typography.Text type="secondary">
        {t('triggers.summary', {
          survey: surveyName.get(tr.surveyId) ?? '—',
          channel: channelName.get(tr.channelId) ?? '—',
        })}
      </Typography.Text>
      <Typography.Text type="secondary">
        {[
          tr.delayMinutes ? t('triggers.afterMinutes', { n: tr.delayMinutes }) : t('triggers.atOnce'),
          tr.samplePercent < 100 ? t('triggers.sampled', { n: tr.samplePercent }) : null,
          tr.expiresInHours ? t('triggers.expiresAfter', { n: tr.expiresInHours }) : null,
          tr.reminderAfterDays ? t('triggers.remindAfter', { n: tr.reminderAfterDays }) : null,
          Object.keys(tr.context).length ? t('triggers.maps', { keys: Object.keys(tr.context).join(', ') }) : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      </Typography.Text>
    </Space>
  );
  const actions = (tr: Trigger) => (
    <Space wrap>
      <Switch
        size="small"
        checked={tr.enabled}
        aria-label={t('enabled')}
        onChange={(enabled) => toggle.mutate({ id: tr.id, values: { enabled } })}
      />
      <Button size="small" data-testid="open-dry-run" onClick={() => setDryRunOf(tr)}>
        {t('triggers.dryRun')}
      </Button>
      <Button size="small" onClick={() => setEditing(tr)}>
        {t('edit')}
      </Button>
      <Popconfirm title={t('triggers.deleteConfirm')} onConfirm={() => remove.mutate(tr.id)}>
        <Button size="small" danger>
          {t('delete')}
        </Button>
      </Popconfirm>
    </Space>
  );

  return (
    <div>
      <ListPageHeader
        title={t('triggers.title')}
        newLabel={t('triggers.new')}
        onNew={() => setEditing('new')}
        help={t('triggers.help')}
      />
      <ResponsiveList
        query={triggers}
        empty={t('triggers.none')}
        cardTestId="trigger-card"
        card={(tr) => (
          <>
            <Typography.Text strong>{tr.name}</Typography.Text>
            <div>{rule(tr)}</div>
            <div style={{ marginTop: 8 }}>{actions(tr)}</div>
          </>
        )}
        columns={[
          { title: t('name'), dataIndex: 'name', width: 220 },
          { title: t('triggers.rule'), render: (_: unknown, tr) => rule(tr) },
          { title: t('core:common.actions'), width: 300, render: (_: unknown, tr) => actions(tr) },
        ]}
      />
      <TriggerDialog editing={editing} onClose={() => setEditing(null)} />
      <DryRunDrawer trigger={dryRunOf} onClose={() => setDryRunOf(undefined)} />
    </div>
  );
}
