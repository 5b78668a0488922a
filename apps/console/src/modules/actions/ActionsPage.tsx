import {
  Alert,
  App,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formErrors } from '../../lib/api.ts';
import { enumLabel } from '../../lib/enums.ts';
import { useMe } from '../../lib/me.tsx';
import { toTree, unitName as unitLabel, useOrgUnits } from '../../lib/org.ts';
import { useRootCauses } from '../tickets/api.ts';
import { useAction, useActions, useCreateAction } from './api.ts';

/** The page (loaded when its route is first opened). */
export function ActionsPage() {
  const { t, i18n } = useTranslation('actions');
  const me = useMe();
  const { message } = App.useApp();
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<string>();
  const [form] = Form.useForm();
  const units = useOrgUnits();
  const unitName = new Map((units.data ?? []).map((u) => [u.id, unitLabel(u, i18n.language)]));
  const list = useActions();
  const causes = useRootCauses();
  const detail = useAction(open);
  const create = useCreateAction({
    onSuccess: () => setCreating(false),
    onError: (err) => {
      form.setFields(formErrors(err));
      message.error(err.message);
    },
  });
  const e = detail.data?.effect;
  const f = (v: number | null | undefined) => (v == null ? '—' : v.toFixed(1));
  return (
    <div>
      <Space style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        {me.can('actions.write') && (
          <Button type="primary" onClick={() => setCreating(true)}>
            {t('new')}
          </Button>
        )}
      </Space>
      <Table
        rowKey="id"
        size="small"
        dataSource={list.data}
        loading={list.isLoading}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('titleCol'), dataIndex: 'title' },
          { title: t('metric'), dataIndex: 'metric', render: (m: string) => m.toUpperCase() },
          {
            title: t('units'),
            dataIndex: 'orgUnitIds',
            render: (ids: string[]) => ids.map((id) => unitName.get(id) ?? '…').join('、'),
          },
          { title: t('start'), dataIndex: 'startDate' },
          {
            title: t('status'),
            dataIndex: 'status',
            render: (s: string) => <Tag>{enumLabel('actionStatus', s, i18n.language)}</Tag>,
          },
        ]}
      />
      <Drawer
        open={!!open}
        onClose={() => setOpen(undefined)}
        width={Math.min(560, window.innerWidth)}
        title={detail.data?.title}
      >
        {e && (
          <>
            <Space size="large" wrap>
              <Statistic
                title={t('effect')}
                value={f(e.effect)}
                suffix={detail.data?.metric === 'ces' ? '' : 'pt'}
                valueStyle={{ color: e.significant ? (Number(e.effect) > 0 ? '#389e0d' : '#cf1322') : undefined }}
              />
              <Statistic title="95% CI" value={e.ci ? `${f(e.ci[0])} … ${f(e.ci[1])}` : '—'} />
            </Space>
            <Alert
              style={{ margin: '12px 0' }}
              type={e.significant ? 'success' : 'info'}
              message={e.significant ? t('significant') : t('notYet', { days: e.afterDays })}
            />
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('treatedBefore')}>
                {f(e.treated.before.value)} (n={e.treated.before.n})
              </Descriptions.Item>
              <Descriptions.Item label={t('treatedAfter')}>
                {f(e.treated.after.value)} (n={e.treated.after.n})
              </Descriptions.Item>
              <Descriptions.Item label={t('controlBefore')}>
                {f(e.control.before.value)} (n={e.control.before.n})
              </Descriptions.Item>
              <Descriptions.Item label={t('controlAfter')}>
                {f(e.control.after.value)} (n={e.control.after.n})
              </Descriptions.Item>
            </Descriptions>
            <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
              {t('method')}
            </Typography.Paragraph>
          </>
        )}
      </Drawer>
      <Modal
        open={creating}
        title={t('new')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)} initialValues={{ metric: 'nps' }}>
          <Form.Item name="title" label={t('titleCol')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="description" label={t('description')}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="rootCauseId" label={t('rootCause')}>
            <Select allowClear options={(causes.data ?? []).map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
          <Form.Item name="orgUnitIds" label={t('units')} rules={[{ required: true }]}>
            <TreeSelect multiple treeData={toTree(units.data ?? [])} showSearch treeNodeFilterProp="title" />
          </Form.Item>
          <Form.Item name="metric" label={t('metric')}>
            <Select options={['nps', 'csat', 'ces'].map((m) => ({ value: m, label: m.toUpperCase() }))} />
          </Form.Item>
          <Form.Item name="startDate" label={t('start')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
