import { ArrowDownOutlined, ArrowUpOutlined, EditOutlined, MinusOutlined } from '@ant-design/icons';
import { addDays, PRIMARY_METRICS, type TMapTouchpoint, targetStatus } from '@loopcx/shared';
import { Alert, Button, Card, Empty, Segmented, Select, Space, Spin, Tag, Tooltip, TreeSelect, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useMe } from '../../lib/me.tsx';
import { toTree, useOrgUnits } from '../../lib/org.ts';
import { useTenantTime } from '../../lib/time.ts';
import type { TargetRow } from '../targets/api.ts';
import { useUnitTargets } from '../targets/api.ts';
import { currentMonth } from '../targets/periods.ts';
import { TargetStatusTag } from '../targets/StatusTag.tsx';
import { useJourneyMap, useJourneys } from './api.ts';
import { fmtMetric, gapColour } from './types.ts';

const CHANNEL_COLOUR: Record<string, string> = { physical: 'green', digital: 'blue', interpersonal: 'purple' };

/**
 * One touchpoint: its score over the period with n and CI, its own target and gap, and the unit's cascading target
 * for this month (Targets) with the status the touchpoint's interval gives against it.
 */
function TouchpointCard({
  tp,
  unitTarget,
  onOpen,
}: {
  tp: TMapTouchpoint;
  unitTarget: TargetRow | undefined;
  onOpen: () => void;
}) {
  const { t, i18n } = useTranslation('journeys');
  const name = i18n.language === 'en' && tp.nameEn ? tp.nameEn : tp.name;
  const colour = gapColour(tp.metric, tp.gap);
  const trend =
    tp.change == null ? (
      <MinusOutlined style={{ color: '#bfbfbf' }} />
    ) : tp.change >= 0 ? (
      <ArrowUpOutlined style={{ color: '#389e0d' }} />
    ) : (
      <ArrowDownOutlined style={{ color: '#cf1322' }} />
    );
  return (
    <Card
      size="small"
      hoverable
      onClick={onOpen}
      data-testid={`tp-${tp.code}`}
      style={{ borderLeft: `6px solid ${colour}`, marginBottom: 8 }}
      styles={{ body: { padding: 10 } }}
    >
      <Space size={4} style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Text strong ellipsis style={{ maxWidth: 140 }}>
          {name}
        </Typography.Text>
        <Tag color={CHANNEL_COLOUR[tp.channel]} style={{ marginInlineEnd: 0 }}>
          {t(`channel.${tp.channel}`)}
        </Tag>
      </Space>
      <div style={{ display: 'flex', alignItems: 'baseline', gap: 6, marginTop: 4 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {tp.metric.toUpperCase()}
        </Typography.Text>
        {tp.suppressed ? (
          <Typography.Text type="secondary" data-testid="value">
            {t('tooFew')}
          </Typography.Text>
        ) : (
          <span style={{ fontSize: 22, fontWeight: 600 }} data-testid="value">
            {fmtMetric(tp.metric, tp.value)}
          </span>
        )}
        <Tooltip
          title={
            tp.change == null
              ? t('noPrevious')
              : `${t('vsPrevious')} ${tp.change >= 0 ? '+' : ''}${fmtMetric(tp.metric === 'csat' ? 'nps' : tp.metric, tp.change)}${tp.significant ? ` (${t('significant')})` : ''}`
          }
        >
          <span>
            {trend}
            {tp.significant && <sup>*</sup>}
          </span>
        </Tooltip>
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
        n {tp.n}
        {tp.ci ? ` · CI ${fmtMetric(tp.metric, tp.ci[0])}–${fmtMetric(tp.metric, tp.ci[1])}` : ''}
      </Typography.Text>
      <Typography.Text style={{ fontSize: 12, display: 'block', color: colour === '#bfbfbf' ? undefined : colour }}>
        {tp.target == null
          ? t('noTarget')
          : `${t('target')} ${fmtMetric(tp.metric, tp.target)}${tp.gap == null ? '' : ` · ${t('gap')} ${tp.gap >= 0 ? '+' : ''}${tp.gap.toFixed(1)}`}`}
      </Typography.Text>
      {unitTarget?.target != null && (
        <div style={{ fontSize: 12 }} data-testid="unit-target">
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('unitTarget')} {fmtMetric(tp.metric, unitTarget.target)}
          </Typography.Text>{' '}
          <TargetStatusTag status={targetStatus(tp.suppressed ? null : tp.value, tp.ci, unitTarget.target)} />
        </div>
      )}
      {tp.negativeShare != null && (
        <Typography.Text style={{ fontSize: 12, display: 'block' }}>
          {t('negative')} {tp.negativeShare.toFixed(0)}%{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            ({tp.comments})
          </Typography.Text>
        </Typography.Text>
      )}
      {tp.topNegativeTopic && (
        <Tag color="red" style={{ marginTop: 4 }} data-testid="top-negative">
          {(i18n.language === 'en' && tp.topNegativeTopic.topicEn) || tp.topNegativeTopic.topic} ·{' '}
          {tp.topNegativeTopic.count}
        </Tag>
      )}
      {tp.ownerTeam && (
        <Typography.Text type="secondary" style={{ fontSize: 11, display: 'block' }}>
          {t('owner')}: {tp.ownerTeam.name}
        </Typography.Text>
      )}
    </Card>
  );
}

/** Journey map: stages left to right (scrolls sideways on a phone), each touchpoint's live score coloured by gap to target. */
export function JourneyMapPage() {
  const { t, i18n } = useTranslation('journeys');
  const me = useMe();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const units = useOrgUnits();
  const journeys = useJourneys('active');
  const journeyId = params.get('journey') ?? journeys.data?.[0]?.id;
  const unitId = params.get('unit') ?? me.orgUnit.id;
  const days = Number(params.get('days') ?? 30);
  const set = (k: string, v: string) =>
    setParams(
      (p) => {
        p.set(k, v);
        return p;
      },
      { replace: true },
    );
  // The tenant's today, re-read every minute so a page left open moves to the next day at the tenant's midnight.
  const time = useTenantTime();
  const [today, setToday] = useState(time.today);
  useEffect(() => {
    const id = window.setInterval(() => setToday(time.today()), 60_000);
    return () => window.clearInterval(id);
  }, [time]);
  const to = addDays(today, 1);
  const from = addDays(to, -days);
  const map = useJourneyMap(journeyId, unitId, from, to);
  // The unit's cascading targets this month, per touchpoint metric (a touchpoint's own target is shown above it).
  const targets = useUnitTargets(PRIMARY_METRICS, currentMonth(today), unitId);
  const unitTarget = (metric: string) =>
    targets[PRIMARY_METRICS.indexOf(metric as (typeof PRIMARY_METRICS)[number])]?.data?.items.find(
      (r) => r.orgUnitId === unitId,
    );
  const tree = useMemo(
    () => toTree(units.data ?? [], (u) => (i18n.language === 'en' && u.nameEn ? u.nameEn : u.name)),
    [units.data, i18n.language],
  );
  const label = (x: { name: string; nameEn: string | null }) =>
    i18n.language === 'en' && x.nameEn ? x.nameEn : x.name;

  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('mapTitle')}
        </Typography.Title>
        <Select
          style={{ minWidth: 160 }}
          value={journeyId}
          onChange={(v) => set('journey', v)}
          options={(journeys.data ?? []).map((j) => ({ value: j.id, label: label(j) }))}
          placeholder={t('journey')}
          data-testid="journey-select"
        />
        <TreeSelect
          style={{ minWidth: 180 }}
          value={unitId}
          treeData={tree}
          treeDefaultExpandAll={false}
          onChange={(v) => set('unit', v)}
          showSearch
          treeNodeFilterProp="title"
        />
        <Segmented
          value={days}
          onChange={(v) => set('days', String(v))}
          options={[
            { value: 7, label: t('d7') },
            { value: 30, label: t('d30') },
            { value: 90, label: t('d90') },
          ]}
        />
        {me.can('journeys.write') && (
          <Button
            icon={<EditOutlined />}
            onClick={() => navigate(journeyId ? `/journeys/edit?journey=${journeyId}` : '/journeys/edit')}
          >
            {t('edit')}
          </Button>
        )}
      </Space>
      {journeys.data?.length === 0 && <Empty description={t('none')} />}
      {map.error && <Alert type="error" message={(map.error as Error).message} />}
      {map.data && (
        <>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {label(map.data.orgUnit)} · {map.data.from} – {addDays(map.data.to, -1)} · {t('legend')}
          </Typography.Paragraph>
          <div
            style={{ display: 'flex', gap: 8, overflowX: 'auto', paddingBottom: 8, WebkitOverflowScrolling: 'touch' }}
            data-testid="journey-map"
          >
            {map.data.stages.map((s, i) => (
              <div key={s.id} style={{ flex: '0 0 220px', background: '#fafafa', borderRadius: 8, padding: 8 }}>
                <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
                  {i + 1}. {label(s)}{' '}
                  {i < map.data.stages.length - 1 && <Typography.Text type="secondary">→</Typography.Text>}
                </Typography.Text>
                {s.touchpoints.length === 0 && <Typography.Text type="secondary">{t('noTouchpoints')}</Typography.Text>}
                {s.touchpoints.map((tp) => (
                  <TouchpointCard
                    key={tp.id}
                    tp={tp}
                    unitTarget={unitTarget(tp.metric)}
                    onOpen={() => navigate(`/dashboards?touchpointId=${tp.id}&orgUnitId=${unitId}&days=${days}`)}
                  />
                ))}
              </div>
            ))}
          </div>
        </>
      )}
      {map.isLoading && <Spin />}
    </div>
  );
}
