import { App, Button, Popconfirm, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListPageHeader, ResponsiveList } from '../../components/ListPage.tsx';
import { useTenantTime } from '../../lib/time.ts';
import { type Programme, useDeleteProgramme, useProgrammes, useRunNow, useSaveProgramme } from './api.ts';
import { PreviewDrawer } from './PreviewDrawer.tsx';
import { ProgrammeDialog } from './ProgrammeDialog.tsx';
import { WavesDrawer } from './WavesDrawer.tsx';

/** Distribution → Programmes: recurring waves to a segment, with their wave history, a preview and "run now". */
export function ProgrammesPage() {
  const { t } = useTranslation('programmes');
  const { message } = App.useApp();
  const tt = useTenantTime();
  const [editing, setEditing] = useState<Programme | 'new' | null>(null);
  const [wavesOf, setWavesOf] = useState<Programme>();
  const [previewOf, setPreviewOf] = useState<Programme>();
  const programmes = useProgrammes();
  const onError = (err: Error) => message.error(err.message);
  const toggle = useSaveProgramme({ onError });
  const remove = useDeleteProgramme({ onError });
  const runNow = useRunNow({
    onSuccess: (_w, id) => {
      message.success(t('runNowDone'));
      setWavesOf(programmes.data?.find((p) => p.id === id));
    },
    onError,
  });

  const plan = (p: Programme) => (
    <Space direction="vertical" size={2}>
      <Typography.Text>
        {t('summary', { segment: p.segmentName, survey: p.surveyName, channel: p.channelName })}
      </Typography.Text>
      <Typography.Text type="secondary">
        {[
          t('everyText', { n: p.every, unit: t(`unit.${p.unit}`) }),
          t('details', { pct: p.samplePercent, days: p.cooldownDays }),
        ].join(' · ')}
      </Typography.Text>
    </Space>
  );
  const when = (p: Programme) => (
    <Space direction="vertical" size={2}>
      <span>
        {t('nextRun')}:{' '}
        {!p.enabled ? (
          <Tag>{t('paused')}</Tag>
        ) : p.nextRunAt ? (
          <span data-testid="next-run">{tt.dateTime(p.nextRunAt)}</span>
        ) : (
          <Tag>{t('expired')}</Tag>
        )}
      </span>
      <Typography.Text type="secondary">
        {t('lastWave')}: {p.lastWaveAt ? tt.dateTime(p.lastWaveAt) : '—'}
      </Typography.Text>
    </Space>
  );
  const actions = (p: Programme) => (
    <Space wrap>
      <Switch
        size="small"
        checked={p.enabled}
        aria-label={t('enabled')}
        onChange={(enabled) => toggle.mutate({ id: p.id, values: { enabled } })}
      />
      <Button size="small" data-testid="open-waves" onClick={() => setWavesOf(p)}>
        {t('waves')}
      </Button>
      <Button size="small" data-testid="open-preview" onClick={() => setPreviewOf(p)}>
        {t('preview')}
      </Button>
      <Popconfirm title={t('runNowConfirm')} onConfirm={() => runNow.mutate(p.id)}>
        <Button size="small" data-testid="run-now" loading={runNow.isPending && runNow.variables === p.id}>
          {t('runNow')}
        </Button>
      </Popconfirm>
      <Button size="small" onClick={() => setEditing(p)}>
        {t('edit')}
      </Button>
      <Popconfirm title={t('deleteConfirm')} onConfirm={() => remove.mutate(p.id)}>
        <Button size="small" danger>
          {t('delete')}
        </Button>
      </Popconfirm>
    </Space>
  );

  return (
    <div>
      <ListPageHeader title={t('title')} newLabel={t('new')} onNew={() => setEditing('new')} help={t('help')} />
      <ResponsiveList
        query={programmes}
        empty={t('none')}
        cardTestId="programme-card"
        card={(p) => (
          <>
            <Typography.Text strong>{p.name}</Typography.Text>
            <div>{plan(p)}</div>
            <div style={{ marginTop: 4 }}>{when(p)}</div>
            <div style={{ marginTop: 8 }}>{actions(p)}</div>
          </>
        )}
        columns={[
          { title: t('name'), dataIndex: 'name', width: 220 },
          { title: t('schedule'), render: (_: unknown, p) => plan(p) },
          { title: t('nextRun'), width: 220, render: (_: unknown, p) => when(p) },
          { title: t('core:common.actions'), width: 340, render: (_: unknown, p) => actions(p) },
        ]}
      />
      <ProgrammeDialog editing={editing} onClose={() => setEditing(null)} />
      <WavesDrawer programme={wavesOf} onClose={() => setWavesOf(undefined)} />
      <PreviewDrawer programme={previewOf} onClose={() => setPreviewOf(undefined)} />
    </div>
  );
}
