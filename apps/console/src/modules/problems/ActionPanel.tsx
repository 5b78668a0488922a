import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Select, Space, Statistic, TreeSelect } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../lib/me.tsx';
import { toTree, useOrgUnits } from '../../lib/org.ts';
import { useActions } from '../actions/api.ts';
import type { ProblemDetail } from './api.ts';

/**
 * The problem's improvement action: its measured effect (difference-in-differences with a 95 % interval) and
 * whether it is a significant improvement the problem can close on; or, for the problem's owner, a form linking an
 * existing action or creating one.
 */
export function ActionPanel({
  problem,
  busy,
  run,
}: {
  problem: ProblemDetail;
  busy: boolean;
  run: (path: string, body?: unknown) => void;
}) {
  const { t } = useTranslation('problems');
  const me = useMe();
  const [mode, setMode] = useState<'existing' | 'new'>('existing');
  const actions = useActions();
  const units = useOrgUnits();
  const [form] = Form.useForm();
  App.useApp();
  const a = problem.action;
  const f = (v: number | null | undefined) => (v == null ? '—' : v.toFixed(1));
  if (a) {
    const e = a.effect;
    return (
      <Card size="small" title={`${t('action')} · ${a.title}`} data-testid="action-panel">
        {e && (
          <>
            <Space size="large" wrap>
              <Statistic
                title={t('effect')}
                value={f(e.effect)}
                valueStyle={{ color: e.significant ? (Number(e.effect) > 0 ? '#389e0d' : '#cf1322') : undefined }}
              />
              <Statistic title="95% CI" value={e.ci ? `${f(e.ci[0])} … ${f(e.ci[1])}` : '—'} />
            </Space>
            <Alert
              style={{ marginTop: 8 }}
              type={a.closesProblem ? 'success' : 'info'}
              message={a.closesProblem ? t('effectSignificant') : t('effectNotYet', { days: e.afterDays })}
            />
            <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
              <Descriptions.Item label={t('metric')}>{a.metric.toUpperCase()}</Descriptions.Item>
              <Descriptions.Item label={t('start')}>{a.startDate}</Descriptions.Item>
            </Descriptions>
          </>
        )}
      </Card>
    );
  }
  if (!problem.canManage || problem.status !== 'open') return null;
  return (
    <Card size="small" title={t('linkAction')}>
      <Select
        size="small"
        value={mode}
        onChange={setMode}
        style={{ marginBottom: 8 }}
        options={[
          { value: 'existing', label: t('existingAction') },
          ...(me.can('actions.write') ? [{ value: 'new', label: t('createAction') }] : []),
        ]}
      />
      {mode === 'existing' ? (
        <Select
          style={{ width: '100%' }}
          placeholder={t('existingAction')}
          showSearch
          optionFilterProp="label"
          options={(actions.data ?? []).map((x) => ({ value: x.id, label: `${x.title} (${x.metric.toUpperCase()})` }))}
          onChange={(actionId: string) => run('action', { actionId })}
          disabled={busy}
        />
      ) : (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ metric: 'nps' }}
          onFinish={(v) =>
            run('action', {
              action: { metric: v.metric, orgUnitIds: v.orgUnitIds, startDate: v.startDate.format('YYYY-MM-DD') },
            })
          }
        >
          <Form.Item name="metric" label={t('metric')}>
            <Select options={['nps', 'csat', 'ces'].map((m) => ({ value: m, label: m.toUpperCase() }))} />
          </Form.Item>
          <Form.Item name="orgUnitIds" label={t('units')} rules={[{ required: true }]}>
            <TreeSelect multiple treeData={toTree(units.data ?? [])} showSearch treeNodeFilterProp="title" />
          </Form.Item>
          <Form.Item name="startDate" label={t('start')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Button htmlType="submit" type="primary" size="small" disabled={busy}>
            {t('createAction')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
