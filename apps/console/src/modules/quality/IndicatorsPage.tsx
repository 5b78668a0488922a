import { Alert, Breadcrumb, Card, Grid, Segmented, Select, Space, Table, TreeSelect, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { Chart } from '../../components/Chart.tsx';
import { useMe } from '../../lib/me.tsx';
import { toTree, unitName, useOrgUnits } from '../../lib/org.ts';
import { useTenantTime } from '../../lib/time.ts';
import {
  AUDIT_KINDS,
  AUDIT_METRICS,
  type AuditMetric,
  type AuditMetricQuery,
  useAuditMetric,
  useChecklists,
} from './api.ts';
import { FailingAudits } from './FailingAudits.tsx';
import { metricText, percentText } from './present.tsx';
import { QualityTabs } from './QualityTabs.tsx';
import { SelfGapTable } from './SelfGapTable.tsx';

const SHORT: Record<AuditMetric, 'fatal' | 'general' | 'score'> = {
  'audit.fatal_error_rate': 'fatal',
  'audit.general_error_rate': 'general',
  'audit.score': 'score',
};
const DAYS = [30, 90, 180] as const;

interface RankRow {
  key: string;
  label: string;
  n: number;
  values: Record<AuditMetric, number | null>;
}

/** The three audit metrics of a unit's children (or of a store's items) merged into one row per child / item. */
function useMerged(base: Omit<AuditMetricQuery, 'metric'>) {
  const fatal = useAuditMetric({ ...base, metric: 'audit.fatal_error_rate' });
  const general = useAuditMetric({ ...base, metric: 'audit.general_error_rate' });
  const score = useAuditMetric({ ...base, metric: 'audit.score' });
  const rows = useMemo(() => {
    const out = new Map<string, RankRow>();
    const results: Array<[AuditMetric, typeof fatal.data]> = [
      ['audit.fatal_error_rate', fatal.data],
      ['audit.general_error_rate', general.data],
      ['audit.score', score.data],
    ];
    for (const [metric, data] of results)
      for (const r of data?.rows ?? []) {
        const row = out.get(r.key) ?? {
          key: r.key,
          label: r.label,
          n: 0,
          values: { 'audit.fatal_error_rate': null, 'audit.general_error_rate': null, 'audit.score': null },
        };
        row.values[metric] = r.suppressed ? null : r.value;
        // n: audits per unit (the general rate counts items); per item, audits where it applied.
        if (base.groupBy === 'item' || metric !== 'audit.general_error_rate') row.n = Math.max(row.n, r.n);
        out.set(r.key, row);
      }
    return [...out.values()];
  }, [fatal.data, general.data, score.data, base.groupBy]);
  return {
    rows,
    loading: fatal.isLoading || general.isLoading || score.isLoading,
    error: fatal.error ?? general.error ?? score.error,
  };
}

/**
 * QA indicators: fatal error rate, general error rate and score of a unit's children, ranked by the chosen one; a
 * child is drilled into (a region to its stores, a store to its items, an item to its failing audits with their
 * evidence). Below, the gap between each child's self-inspections and its external audits.
 */
export function IndicatorsPage() {
  const { t, i18n } = useTranslation('quality');
  const me = useMe();
  const time = useTenantTime();
  const phone = !Grid.useBreakpoint().md;
  const units = useOrgUnits();
  const [params, setParams] = useSearchParams();
  const set = (k: string, v: string | null) =>
    setParams(
      (p) => {
        if (v === null) p.delete(k);
        else p.set(k, v);
        if (k === 'unit') p.delete('item');
        return p;
      },
      { replace: false },
    );
  const metric = (params.get('metric') as AuditMetric | null) ?? 'audit.fatal_error_rate';
  const days = Number(params.get('days') ?? 90);
  const auditKind = params.get('kind') ?? 'external';
  const checklistId = params.get('checklist') ?? undefined;
  const checklists = useChecklists(true);
  const unitId = params.get('unit') ?? me.orgUnit.id;
  const item = params.get('item');
  const range = time.lastDays(days);
  const all = units.data ?? [];
  const hasChildren = all.some((u) => u.parentId === unitId);
  const byItem = units.data !== undefined && !hasChildren;
  const lang = i18n.language;
  const tree = useMemo(() => toTree(all, (u) => unitName(u, lang)), [all, lang]);
  const path = useMemo(() => {
    const chain = [];
    let u = all.find((x) => x.id === unitId);
    while (u) {
      chain.unshift(u);
      const parentId: string | null = u.parentId;
      u = parentId ? all.find((x) => x.id === parentId) : undefined;
    }
    return chain;
  }, [all, unitId]);
  const merged = useMerged({
    orgUnitId: unitId,
    from: range.from,
    to: range.to,
    groupBy: byItem ? 'item' : 'children',
    auditKind,
    ...(checklistId ? { checklistId } : {}),
  });
  // Rows in the reader's language: the metrics engine labels units by name and items by their zh text; the console
  // has the units' and the checklists' English wording.
  const itemText = useMemo(() => {
    const m = new Map<string, string>();
    for (const c of checklists.data ?? [])
      if (!checklistId || c.id === checklistId)
        for (const it of c.items) if (!m.has(it.code)) m.set(it.code, lang === 'en' && it.textEn ? it.textEn : it.text);
    return m;
  }, [checklists.data, checklistId, lang]);
  const labelled = merged.rows.map((r) => {
    const unit = byItem ? undefined : all.find((u) => u.id === r.key);
    return { ...r, label: byItem ? (itemText.get(r.key) ?? r.label) : unit ? unitName(unit, lang) : r.label };
  });
  const ranked = [...labelled].sort((a, b) => {
    const x = a.values[metric];
    const y = b.values[metric];
    if (x === null) return y === null ? 0 : 1;
    if (y === null) return -1;
    // Highest first: for the error rates that is the worst unit (where to act), for the score the best.
    return y - x;
  });
  // By item the score query answers each item's pass share, so its column says so.
  const cols = AUDIT_METRICS.map((m) => ({
    title: byItem && m === 'audit.score' ? t('ind.passRate') : t(`ind.m.${SHORT[m]}`),
    key: m,
    align: 'right' as const,
    render: (_: unknown, r: RankRow) => (
      <span style={m === 'audit.fatal_error_rate' && (r.values[m] ?? 0) > 0 ? { color: '#cf1322' } : undefined}>
        {byItem && m === 'audit.score' ? percentText(r.values[m]) : metricText(m, r.values[m])}
      </span>
    ),
  }));
  const chartRows = ranked.filter((r) => r.values[metric] !== null).slice(0, 15);
  return (
    <div>
      <QualityTabs />
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={metric}
          onChange={(v) => set('metric', String(v))}
          options={AUDIT_METRICS.map((m) => ({ value: m, label: t(`ind.m.${SHORT[m]}`) }))}
          data-testid="ind-metric"
        />
        <TreeSelect
          style={{ width: phone ? 170 : 200 }}
          value={unitId}
          treeData={tree}
          onChange={(v) => set('unit', v)}
          showSearch
          treeNodeFilterProp="title"
          aria-label={t('au.unit')}
        />
        <Select
          style={{ width: 120 }}
          value={auditKind}
          onChange={(v) => set('kind', v)}
          options={[
            { value: 'external', label: t('ind.external') },
            ...AUDIT_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) })),
          ]}
          aria-label={t('au.kind')}
        />
        <Select
          allowClear
          style={{ width: 180 }}
          placeholder={t('ind.allChecklists')}
          value={checklistId}
          onChange={(v) => set('checklist', v ?? null)}
          options={(checklists.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          showSearch
          optionFilterProp="label"
          aria-label={t('au.checklist')}
        />
        <Select
          style={{ width: 120 }}
          value={days}
          onChange={(v) => set('days', String(v))}
          options={DAYS.map((d) => ({ value: d, label: t('ind.lastDays', { n: d }) }))}
          aria-label={t('au.period')}
        />
      </Space>
      <Breadcrumb
        style={{ marginBottom: 8 }}
        items={[
          ...path.map((u) => ({
            key: u.id,
            title:
              u.id === unitId && !item ? (
                unitName(u, lang)
              ) : (
                <a onClick={() => set('unit', u.id)}>{unitName(u, lang)}</a>
              ),
          })),
          ...(item ? [{ key: 'item', title: item }] : []),
        ]}
      />
      {merged.error && <Alert type="error" showIcon message={(merged.error as Error).message} />}
      {item ? (
        <FailingAudits
          orgUnitId={unitId}
          code={item}
          checklistIds={
            checklistId
              ? [checklistId]
              : (checklists.data ?? []).filter((c) => c.items.some((i) => i.code === item)).map((c) => c.id)
          }
          kind={auditKind}
          from={time.startOf(range.from)}
          to={time.startOf(range.to)}
        />
      ) : (
        <Card
          size="small"
          title={byItem ? t('ind.byItem') : t('ind.byChild')}
          extra={
            <Typography.Text type="secondary">{t('ind.rankedBy', { m: t(`ind.m.${SHORT[metric]}`) })}</Typography.Text>
          }
        >
          {chartRows.length > 0 && !byItem && (
            <Chart
              style={{ height: Math.max(120, chartRows.length * 28 + 40) }}
              option={{
                grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
                xAxis: { type: 'value', max: metric === 'audit.score' ? 100 : undefined },
                yAxis: { type: 'category', inverse: true, data: chartRows.map((r) => r.label) },
                series: [
                  {
                    type: 'bar',
                    data: chartRows.map((r) => r.values[metric]),
                    itemStyle: { color: metric === 'audit.score' ? '#1677ff' : '#cf1322' },
                    label: {
                      show: true,
                      position: 'right',
                      formatter: (p: { value: number }) => metricText(metric, p.value),
                    },
                  },
                ],
              }}
            />
          )}
          <Table<RankRow>
            rowKey="key"
            size="small"
            pagination={false}
            loading={merged.loading}
            dataSource={ranked}
            data-testid="ind-ranking"
            scroll={phone ? { x: 'max-content' } : undefined}
            locale={{ emptyText: t('ind.empty') }}
            onRow={(r) =>
              ({
                onClick: () => (byItem ? set('item', r.key) : set('unit', r.key)),
                style: { cursor: 'pointer' },
                'data-testid': 'ind-row',
              }) as never
            }
            columns={[
              { title: '#', width: 40, render: (_, _r, n) => n + 1 },
              { title: byItem ? t('ind.item') : t('au.unit'), dataIndex: 'label', ellipsis: !phone },
              ...cols,
              { title: 'n', dataIndex: 'n', align: 'right' },
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
            {byItem ? t('ind.itemHelp') : t('ind.help')}
          </Typography.Paragraph>
        </Card>
      )}
      {!byItem && !item && <SelfGapTable orgUnitId={unitId} from={range.from} to={range.to} />}
    </div>
  );
}
