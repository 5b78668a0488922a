import { formatSurveyMetric as fmt } from '@loopcx/shared';
import { Alert, App, Button, Grid, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../lib/me.tsx';
import { unitName } from '../../lib/org.ts';
import { type TargetRow, targetRange, useLiveTargets, useRemoveTarget, useSetTarget, useTargets } from './api.ts';
import { MetricPeriodPickers, useTargetParams } from './Pickers.tsx';
import { periodLabel } from './periods.ts';
import { TargetStatusTag } from './StatusTag.tsx';

type Node = TargetRow & { children?: Node[] };

/** Builds the unit tree of the grid from its flat rows (parents come before children: ordered by depth). */
function toNodes(items: TargetRow[]): Node[] {
  const nodes = new Map<string, Node>(items.map((i) => [i.orgUnitId, { ...i }]));
  const roots: Node[] = [];
  for (const i of items) {
    const node = nodes.get(i.orgUnitId)!;
    const parent = i.parentId ? nodes.get(i.parentId) : undefined;
    if (!parent) roots.push(node);
    else if (parent.children) parent.children.push(node);
    else parent.children = [node];
  }
  return roots;
}

/** The target cell: the unit's own value (editable) or the inherited one, greyed, as the placeholder. */
function TargetCell({
  row,
  metric,
  period,
  editable,
}: {
  row: TargetRow;
  metric: string;
  period: string;
  editable: boolean;
}) {
  const { t } = useTranslation('targets');
  const { message } = App.useApp();
  const [draft, setDraft] = useState<number | null>(row.override);
  const set = useSetTarget({ onSuccess: () => message.success(t('saved')), onError: (e) => message.error(e.message) });
  const remove = useRemoveTarget({
    onSuccess: () => message.success(t('removed')),
    onError: (e) => message.error(e.message),
  });
  const [lo, hi] = targetRange(metric);
  if (!editable)
    return (
      <Typography.Text type={row.inherited ? 'secondary' : undefined} data-testid={`target-${row.orgUnitId}`}>
        {row.target === null ? '—' : fmt(metric, row.target)}
      </Typography.Text>
    );
  const changed = draft !== null && draft !== row.override;
  return (
    <Space size={4} wrap data-testid={`target-${row.orgUnitId}`}>
      <InputNumber
        size="small"
        style={{ width: 88 }}
        min={lo}
        max={hi}
        value={draft}
        placeholder={row.target === null ? '—' : String(Math.round(row.target * 10) / 10)}
        onChange={(v) => setDraft(typeof v === 'number' ? v : null)}
        aria-label={t('target')}
      />
      {changed && (
        <Button
          size="small"
          type="primary"
          loading={set.isPending}
          onClick={() => set.mutate({ metric, period, orgUnitId: row.orgUnitId, value: draft! })}
        >
          {t('save')}
        </Button>
      )}
      {row.override !== null && !changed && (
        <Button
          size="small"
          type="link"
          loading={remove.isPending}
          onClick={() => {
            setDraft(null);
            remove.mutate({ metric, period, orgUnitId: row.orgUnitId });
          }}
        >
          {t('remove')}
        </Button>
      )}
    </Space>
  );
}

/**
 * Targets: metric × period × the unit tree. Each row shows the effective target (own, or inherited and greyed with
 * where it comes from), the metric so far with n and CI, and met / at risk / uncertain. Managers edit overrides in
 * their subtree. `?status=at_risk` (the home page's link) lists the units in that state instead of the tree.
 */
export function TargetsPage() {
  const { t, i18n } = useTranslation('targets');
  const me = useMe();
  const phone = !Grid.useBreakpoint().md;
  const { params, set, metric, period } = useTargetParams();
  const status = params.get('status');
  const list = useTargets(metric, period);
  const refetch = list.refetch;
  // New responses move the values so far.
  useLiveTargets(refetch);
  const items = list.data?.items ?? [];
  const names = useMemo(
    () => new Map(items.map((i) => [i.orgUnitId, unitName(i, i18n.language)])),
    [items, i18n.language],
  );
  const rows = status ? items.filter((i) => i.status === status) : toNodes(items);
  const editable = me.can('targets.write');

  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        <MetricPeriodPickers metric={metric} period={period} set={set} />
        {status && (
          <Tag closable onClose={() => set('status', null)} color="red">
            {t(`status.${status as 'at_risk'}`)}
          </Tag>
        )}
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('intro')} {t('rule')}
        {list.data?.direction === 'lower' ? ` ${t('lowerBetter')}` : ''}
        {list.data ? ` ${t('through', { day: list.data.through })}` : ''}
      </Typography.Paragraph>
      {list.error && <Alert type="error" showIcon message={(list.error as Error).message} />}
      {list.data && (
        <Table<Node>
          key={`${metric}|${period}|${status ?? ''}`}
          size="small"
          rowKey="orgUnitId"
          pagination={false}
          dataSource={rows as Node[]}
          expandable={{ defaultExpandAllRows: true, indentSize: phone ? 8 : 15 }}
          data-testid="targets-grid"
          columns={[
            {
              title: t('unit'),
              render: (_, r) => (
                <span data-testid={`unit-${r.orgUnitId}`}>
                  {unitName(r, i18n.language)}
                  {phone && r.value !== null && (
                    <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                      {fmt(metric, r.value)} · n {r.n}
                    </Typography.Text>
                  )}
                </span>
              ),
            },
            {
              title: t('target'),
              render: (_, r) => (
                <>
                  <TargetCell
                    key={`${r.orgUnitId}|${r.override}`}
                    row={r}
                    metric={metric}
                    period={period}
                    editable={editable}
                  />
                  {r.inherited && r.source && !phone && (
                    <Typography.Text type="secondary" style={{ display: 'block', fontSize: 11 }}>
                      {t('inherited', {
                        unit: names.get(r.source.orgUnitId) ?? '…',
                        period: periodLabel(r.source.period, i18n.language),
                      })}
                    </Typography.Text>
                  )}
                </>
              ),
            },
            {
              title: t('value'),
              responsive: ['md'],
              render: (_, r) => (r.value === null ? '—' : fmt(metric, r.value)),
            },
            { title: t('n'), dataIndex: 'n', align: 'right', responsive: ['md'] },
            {
              title: t('ci'),
              responsive: ['lg'],
              render: (_, r) => (r.ci ? `${fmt(metric, r.ci[0])}–${fmt(metric, r.ci[1])}` : '—'),
            },
            { title: t('statusCol'), render: (_, r) => <TargetStatusTag status={r.status} /> },
          ]}
        />
      )}
    </div>
  );
}
