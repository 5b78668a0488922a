import { Button, Card, DatePicker, Grid, List, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useMe } from '../../lib/me.tsx';
import { toTree, unitName, useOrgUnits } from '../../lib/org.ts';
import { useTenantTime } from '../../lib/time.ts';
import { AUDIT_KINDS, AUDIT_STATUSES, type Audit, useAudits, useChecklists } from './api.ts';
import { NewAuditDrawer } from './NewAuditDrawer.tsx';
import { AuditStatusTag, auditUnit, FailuresText, scoreText } from './present.tsx';
import { QualityTabs } from './QualityTabs.tsx';

/**
 * Audits in the caller's scope (the server narrows a store manager's list to their store), filtered by unit, kind,
 * status, checklist, plan run and period — the filters live in the URL (`?unit=&kind=&status=&checklist=&run=&from=&to=`, days as
 * YYYY-MM-DD), so a filtered list can be linked and survives a reload — 50 a page with "more"; a row opens the
 * audit. Cards on a phone.
 */
export function AuditsPage() {
  const { t, i18n } = useTranslation('quality');
  const phone = !Grid.useBreakpoint().md;
  const navigate = useNavigate();
  const time = useTenantTime();
  const units = useOrgUnits();
  // Store managers assign self-inspections of their own units; QA staff every kind (NewAuditDrawer).
  const canAssign = useMe().can('inspections.write');
  const [params, setParams] = useSearchParams();
  const set = (patch: Record<string, string | undefined>) =>
    setParams(
      (p) => {
        for (const [k, v] of Object.entries(patch)) v ? p.set(k, v) : p.delete(k);
        return p;
      },
      { replace: true },
    );
  const day = (k: string) => (/^\d{4}-\d{2}-\d{2}$/.test(params.get(k) ?? '') ? params.get(k)! : undefined);
  const orgUnitId = params.get('unit') ?? undefined;
  const kind = params.get('kind') ?? undefined;
  const status = params.get('status') ?? undefined;
  const checklistId = params.get('checklist') ?? undefined;
  const planRunId = params.get('run') ?? undefined;
  const fromDay = day('from');
  const toDay = day('to');
  const checklists = useChecklists(true);
  const [creating, setCreating] = useState(false);
  const filters = {
    orgUnitId,
    kind,
    status,
    checklistId,
    planRunId,
    from: fromDay ? time.startOf(fromDay) : undefined,
    to: toDay ? time.endOf(toDay) : undefined,
  };
  const list = useAudits(filters);
  const tree = useMemo(() => toTree(units.data ?? [], (u) => unitName(u, i18n.language)), [units.data, i18n.language]);
  const lang = i18n.language;
  const open = (a: Audit) => navigate(`/quality/audits/${a.id}`);
  const items = (list.data?.pages ?? []).flatMap((p) => p.items);
  return (
    <div>
      <QualityTabs
        extra={
          canAssign && (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="new-audit">
              {t('au.new')}
            </Button>
          )
        }
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <TreeSelect
          allowClear
          style={{ width: phone ? 170 : 200 }}
          placeholder={t('au.unit')}
          value={orgUnitId}
          treeData={tree}
          onChange={(v) => set({ unit: v || undefined })}
          showSearch
          treeNodeFilterProp="title"
          aria-label={t('au.unit')}
        />
        <Select
          allowClear
          style={{ width: 130 }}
          placeholder={t('au.kind')}
          value={kind}
          onChange={(v) => set({ kind: v })}
          options={AUDIT_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
          aria-label={t('au.kind')}
        />
        <Select
          allowClear
          style={{ width: 110 }}
          placeholder={t('au.status')}
          value={status}
          onChange={(v) => set({ status: v })}
          options={AUDIT_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          aria-label={t('au.status')}
        />
        <Select
          allowClear
          style={{ width: phone ? 170 : 200 }}
          placeholder={t('au.checklist')}
          value={checklistId}
          onChange={(v) => set({ checklist: v })}
          options={(checklists.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          popupMatchSelectWidth={false}
          aria-label={t('au.checklist')}
          data-testid="audits-checklist"
        />
        <DatePicker.RangePicker
          value={fromDay && toDay ? [dayjs(fromDay), dayjs(toDay)] : null}
          onChange={(v) =>
            set({ from: v?.[0]?.format('YYYY-MM-DD') ?? undefined, to: v?.[1]?.format('YYYY-MM-DD') ?? undefined })
          }
          style={{ width: phone ? 240 : undefined }}
          aria-label={t('au.period')}
        />
        {planRunId && (
          <Tag closable onClose={() => set({ run: undefined })} color="blue" data-testid="audits-run-filter">
            {t('au.planRun')}
          </Tag>
        )}
      </Space>
      {phone ? (
        <List<Audit>
          loading={list.isLoading}
          dataSource={items}
          locale={{ emptyText: t('au.empty') }}
          renderItem={(a) => (
            <Card size="small" style={{ marginBottom: 8 }} onClick={() => open(a)} data-testid="audit-card">
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                <Space wrap size={4}>
                  <AuditStatusTag status={a.status} overdue={a.overdue} />
                  <Tag>{t(`kind.${a.kind}`)}</Tag>
                  <FailuresText a={a} />
                </Space>
                <Typography.Text strong>{auditUnit(a, lang)}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {a.checklistName}
                  {a.inspectorName ? ` · ${a.inspectorName}` : ''}
                </Typography.Text>
                <Typography.Text style={{ fontSize: 13 }}>
                  {a.status === 'submitted'
                    ? t('au.scoreLine', { score: scoreText(a.score), at: time.dateTime(a.submittedAt!) })
                    : a.dueAt
                      ? t('au.dueLine', { at: time.dateTime(a.dueAt) })
                      : ''}
                </Typography.Text>
              </Space>
            </Card>
          )}
        />
      ) : (
        <Table<Audit>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={items}
          locale={{ emptyText: t('au.empty') }}
          onRow={(a) => ({ onClick: () => open(a), style: { cursor: 'pointer' }, 'data-testid': 'audit-row' }) as never}
          columns={[
            { title: t('au.unit'), render: (_, a) => auditUnit(a, lang) },
            { title: t('au.kind'), dataIndex: 'kind', render: (k: string) => t(`kind.${k as 'sampling'}`) },
            { title: t('au.checklist'), dataIndex: 'checklistName', ellipsis: true },
            { title: t('au.inspector'), dataIndex: 'inspectorName', render: (v: string | null) => v ?? '—' },
            { title: t('au.status'), render: (_, a) => <AuditStatusTag status={a.status} overdue={a.overdue} /> },
            { title: t('au.score'), align: 'right', render: (_, a) => scoreText(a.score) },
            { title: t('au.fatal'), render: (_, a) => <FailuresText a={a} /> },
            {
              title: t('au.submitted'),
              dataIndex: 'submittedAt',
              render: (v: string | null, a) =>
                v ? time.dateTime(v) : a.dueAt ? t('au.dueLine', { at: time.dateTime(a.dueAt) }) : '—',
            },
          ]}
        />
      )}
      {list.hasNextPage && (
        <Button
          block
          style={{ marginTop: 12 }}
          loading={list.isFetchingNextPage}
          onClick={() => list.fetchNextPage()}
          data-testid="audits-more"
        >
          {t('au.more')}
        </Button>
      )}
      <NewAuditDrawer open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
