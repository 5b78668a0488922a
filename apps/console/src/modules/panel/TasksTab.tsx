import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { TNewPanelTask } from '@loopcx/shared';
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Drawer,
  Form,
  Input,
  InputNumber,
  List,
  Radio,
  Select,
  Space,
  Switch,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formErrors } from '../../lib/api.ts';
import { toTree, useOrgUnits } from '../../lib/org.ts';
import { useSurveys } from '../surveys/api.ts';
import { type TPanel, useCreateTask, useMembers, useTasks } from './api.ts';

import { when } from './present-panel.ts';

export function Tasks({ panel, manage, phone }: { panel: TPanel; manage: boolean; phone: boolean }) {
  const { t } = useTranslation('panel');
  const tasks = useTasks(panel.id);
  const [creating, setCreating] = useState(false);
  return (
    <>
      {manage && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} style={{ marginBottom: 12 }}>
          {t('t.new')}
        </Button>
      )}
      <List
        loading={tasks.isLoading}
        dataSource={tasks.data ?? []}
        locale={{ emptyText: t('t.none') }}
        data-testid="task-list"
        renderItem={(x) => (
          <Card size="small" style={{ marginBottom: 8 }} title={x.title} extra={<Tag>{t(`t.${x.kind}`)}</Tag>}>
            <Space direction="vertical" size={2}>
              <Typography.Text type="secondary">
                {x.unitName ? `${x.unitName} · ` : ''}
                {t('t.due')} {when(x.dueAt)} · {t('t.points')} {x.points}
              </Typography.Text>
              {x.survey && (
                <Typography.Text data-testid="task-diary">
                  {t('t.diaryLine', {
                    name: x.survey.name,
                    rule: t(`t.entryRule.${x.entries}`),
                    n: x.minEntries,
                  })}
                </Typography.Text>
              )}
              <Typography.Text>{t('t.counts', x.counts)}</Typography.Text>
            </Space>
          </Card>
        )}
      />
      {creating && <TaskDrawer panel={panel} phone={phone} onClose={() => setCreating(false)} />}
    </>
  );
}

interface TaskForm {
  title: string;
  kind: 'online' | 'offline';
  instructions?: string;
  orgUnitId?: string;
  checkInRequired: boolean;
  radiusM: number;
  minPhotos: number;
  fields: Array<{ label: string; type: 'text' | 'number' | 'rating' | 'yesno'; required: boolean }>;
  /** Online tasks: answered with the report's fields or with a diary survey. */
  report: 'fields' | 'survey';
  surveyId?: string;
  entries: 'once' | 'daily';
  minEntries: number;
  points: number;
  dueAt: dayjs.Dayjs;
  assign: 'all' | 'tiers' | 'members';
  tiers?: string[];
  memberIds?: string[];
}

function TaskDrawer({ panel, phone, onClose }: { panel: TPanel; phone: boolean; onClose: () => void }) {
  const { t } = useTranslation('panel');
  const { message } = App.useApp();
  const [form] = Form.useForm<TaskForm>();
  const units = useOrgUnits();
  const tree = useMemo(() => toTree(units.data ?? []), [units.data]);
  const members = useMembers(panel.id, { status: 'active', page: 1 });
  const kind = Form.useWatch('kind', form);
  const assign = Form.useWatch('assign', form);
  const report = Form.useWatch('report', form);
  const entries = Form.useWatch('entries', form);
  const surveys = useSurveys();
  const diary = kind === 'online' && report === 'survey';
  const create = useCreateTask({
    onSuccess: (out) => {
      message.success(t('t.created', { n: (out as { assigned: number }).assigned }));
      onClose();
    },
    onError: (err) => {
      const fields = formErrors(err);
      if (fields.length) form.setFields(fields as never);
      else message.error(err.message);
    },
  });
  const submit = (v: TaskForm) => {
    const survey = v.kind === 'online' && v.report === 'survey';
    const body: TNewPanelTask = {
      title: v.title,
      kind: v.kind,
      instructions: v.instructions || undefined,
      orgUnitId: v.kind === 'offline' || survey ? v.orgUnitId : undefined,
      checkInRequired: v.kind === 'offline' && v.checkInRequired,
      radiusM: v.radiusM,
      minPhotos: v.kind === 'offline' ? v.minPhotos : 0,
      fields: survey
        ? []
        : v.fields.map((f, i) => ({ code: `f${i + 1}`, label: f.label, type: f.type, required: !!f.required })),
      surveyId: survey ? v.surveyId : undefined,
      entries: survey ? v.entries : 'once',
      minEntries: survey && v.entries === 'daily' ? v.minEntries : 1,
      points: v.points,
      dueAt: v.dueAt.toISOString(),
      assignTo:
        v.assign === 'tiers'
          ? { kind: 'tiers', tiers: v.tiers ?? [] }
          : v.assign === 'members'
            ? { kind: 'members', memberIds: v.memberIds ?? [] }
            : { kind: 'all' },
    };
    create.mutate({ panelId: panel.id, body });
  };
  return (
    <Drawer open title={t('t.new')} width={phone ? '100%' : 560} onClose={onClose} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          kind: 'offline',
          checkInRequired: true,
          radiusM: 500,
          minPhotos: 1,
          points: 50,
          dueAt: dayjs().add(14, 'day').endOf('day'),
          assign: 'all',
          report: 'fields',
          entries: 'daily',
          minEntries: 5,
          fields: [
            { label: '服务体验', type: 'text', required: true },
            { label: '总体评分', type: 'rating', required: true },
          ],
        }}
      >
        <Form.Item name="title" label={t('t.title')} rules={[{ required: true, max: 120 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="kind" label={t('t.kind')}>
          <Radio.Group>
            <Radio value="offline">{t('t.offline')}</Radio>
            <Radio value="online">{t('t.online')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="instructions" label={t('t.instructions')} rules={[{ max: 4000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        {kind === 'offline' && (
          <>
            <Form.Item name="orgUnitId" label={t('t.unit')} rules={[{ required: true }]}>
              <TreeSelect treeData={tree} showSearch treeNodeFilterProp="title" treeDefaultExpandAll />
            </Form.Item>
            <Space wrap>
              <Form.Item name="checkInRequired" label={t('t.checkIn')} valuePropName="checked">
                <Switch />
              </Form.Item>
              <Form.Item name="radiusM" label={t('t.radius')}>
                <InputNumber min={10} max={50000} />
              </Form.Item>
              <Form.Item name="minPhotos" label={t('t.minPhotos')}>
                <InputNumber min={0} max={10} />
              </Form.Item>
            </Space>
          </>
        )}
        {kind === 'online' && (
          <Form.Item name="report" label={t('t.report')}>
            <Radio.Group>
              <Radio value="fields">{t('t.reportFields')}</Radio>
              <Radio value="survey">{t('t.reportSurvey')}</Radio>
            </Radio.Group>
          </Form.Item>
        )}
        {diary ? (
          <>
            <Form.Item name="surveyId" label={t('t.survey')} rules={[{ required: true }]} extra={t('t.surveyHelp')}>
              <Select
                showSearch
                optionFilterProp="label"
                data-testid="diary-survey"
                loading={surveys.isLoading}
                options={(surveys.data ?? [])
                  .filter((x) => x.status === 'live')
                  .map((x) => ({ value: x.id, label: x.name }))}
              />
            </Form.Item>
            <Space wrap>
              <Form.Item name="entries" label={t('t.entries')}>
                <Radio.Group>
                  <Radio value="once">{t('t.entryRule.once')}</Radio>
                  <Radio value="daily">{t('t.entryRule.daily')}</Radio>
                </Radio.Group>
              </Form.Item>
              {entries === 'daily' && (
                <Form.Item name="minEntries" label={t('t.minEntries')}>
                  <InputNumber min={1} max={60} />
                </Form.Item>
              )}
            </Space>
            <Form.Item name="orgUnitId" label={t('t.diaryUnit')}>
              <TreeSelect treeData={tree} showSearch allowClear treeNodeFilterProp="title" treeDefaultExpandAll />
            </Form.Item>
          </>
        ) : (
          <>
            <Typography.Text strong>{t('t.fields')}</Typography.Text>
            <Form.List name="fields">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f) => (
                    <Space key={f.key} align="baseline" wrap>
                      <Form.Item name={[f.name, 'label']} rules={[{ required: true, max: 200 }]}>
                        <Input placeholder={t('t.fieldLabel')} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'type']} initialValue="text">
                        <Select
                          style={{ width: 120 }}
                          options={(['text', 'number', 'rating', 'yesno'] as const).map((k) => ({
                            value: k,
                            label: t(`t.types.${k}`),
                          }))}
                        />
                      </Form.Item>
                      <Form.Item name={[f.name, 'required']} valuePropName="checked" initialValue>
                        <Checkbox>{t('t.required')}</Checkbox>
                      </Form.Item>
                      <MinusCircleOutlined onClick={() => remove(f.name)} />
                    </Space>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} style={{ marginBottom: 16 }}>
                    {t('t.addField')}
                  </Button>
                </>
              )}
            </Form.List>
          </>
        )}
        <Space wrap>
          <Form.Item name="points" label={t('t.points')} rules={[{ required: true }]}>
            <InputNumber min={0} max={100000} />
          </Form.Item>
          <Form.Item name="dueAt" label={t('t.due')} rules={[{ required: true }]}>
            <DatePicker showTime />
          </Form.Item>
        </Space>
        <Form.Item name="assign" label={t('t.assignTo')}>
          <Radio.Group>
            <Radio value="all">{t('t.all')}</Radio>
            <Radio value="tiers">{t('t.byTier')}</Radio>
            <Radio value="members">{t('t.members')}</Radio>
          </Radio.Group>
        </Form.Item>
        {assign === 'tiers' && (
          <Form.Item name="tiers" rules={[{ required: true }]}>
            <Select mode="multiple" options={panel.tiers.map((x) => ({ value: x.name, label: x.name }))} />
          </Form.Item>
        )}
        {assign === 'members' && (
          <Form.Item name="memberIds" rules={[{ required: true }]}>
            <Select
              mode="multiple"
              optionFilterProp="label"
              options={(members.data?.items ?? []).map((m) => ({ value: m.id, label: m.displayName }))}
            />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={create.isPending} block={phone} data-testid="create-task">
          {t('t.create')}
        </Button>
      </Form>
    </Drawer>
  );
}
