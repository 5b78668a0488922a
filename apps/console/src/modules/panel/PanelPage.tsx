import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { TNewPanelTask, TPanelPassRule } from '@loopcx/shared';
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Grid,
  Image,
  Input,
  InputNumber,
  List,
  Radio,
  Segmented,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { formErrors } from '../../lib/api.ts';
import { useMe } from '../../lib/me.tsx';
import { toTree, useOrgUnits } from '../../lib/org.ts';
import { useSurveys } from '../surveys/api.ts';
import {
  type TPanel,
  type TPanelSubmission,
  useCreateTask,
  useMember,
  useMembers,
  usePanels,
  useReview,
  useSavePanel,
  useSubmissions,
  useTasks,
  useUpdateMember,
} from './api.ts';

type Tab = 'overview' | 'members' | 'tasks' | 'review';
const when = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');
const STATUS_COLOR: Record<string, string> = {
  active: 'green',
  applied: 'gold',
  rejected: 'red',
  left: 'default',
  assigned: 'blue',
  submitted: 'gold',
  approved: 'green',
  overdue: 'volcano',
};

/** The panel page: the panel's overview (link, QR, tiers), its members, tasks and the review queue. */
export function PanelPage() {
  const { t } = useTranslation('panel');
  const me = useMe();
  const manage = me.can('customers.write');
  const phone = !Grid.useBreakpoint().md;
  const [params, setParams] = useSearchParams();
  const panels = usePanels();
  const [editing, setEditing] = useState<TPanel | 'new' | null>(null);
  const list = panels.data ?? [];
  const panel = list.find((p) => p.id === params.get('panel')) ?? list[0];
  const tab = (params.get('tab') as Tab | null) ?? 'overview';
  const go = (next: Record<string, string>) => setParams({ ...Object.fromEntries(params), ...next }, { replace: true });
  const tabs = (['overview', 'members', 'tasks', 'review'] as const).map((k) => ({ value: k, label: t(`tabs.${k}`) }));
  return (
    <div data-testid="panel-page">
      <Space wrap align="center" style={{ marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        {list.length > 0 && (
          <Select
            value={panel?.id}
            style={{ minWidth: 180 }}
            options={list.map((p) => ({ value: p.id, label: p.name }))}
            onChange={(v) => go({ panel: v })}
            aria-label={t('panel')}
          />
        )}
        {manage && (
          <Button icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('newPanel')}
          </Button>
        )}
      </Space>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      {!panels.isLoading && !panel ? (
        <Empty description={t('noPanel')} />
      ) : panel ? (
        <>
          {phone ? (
            <Select
              value={tab}
              options={tabs}
              onChange={(v) => go({ tab: v })}
              style={{ width: '100%', marginBottom: 12 }}
            />
          ) : (
            <Segmented
              value={tab}
              options={tabs}
              onChange={(v) => go({ tab: String(v) })}
              style={{ marginBottom: 12 }}
            />
          )}
          {tab === 'overview' && <Overview panel={panel} manage={manage} onEdit={() => setEditing(panel)} />}
          {tab === 'members' && <Members panel={panel} manage={manage} phone={phone} />}
          {tab === 'tasks' && <Tasks panel={panel} manage={manage} phone={phone} />}
          {tab === 'review' && <Review panel={panel} canReview={manage} />}
        </>
      ) : null}
      {editing && (
        <PanelDrawer panel={editing === 'new' ? null : editing} phone={phone} onClose={() => setEditing(null)} />
      )}
    </div>
  );
}

function Overview({ panel, manage, onEdit }: { panel: TPanel; manage: boolean; onEdit: () => void }) {
  const { t } = useTranslation('panel');
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card
        size="small"
        title={panel.name}
        extra={manage && <Button onClick={onEdit}>{t('edit')}</Button>}
        data-testid="panel-overview"
      >
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('f.status')}>
            <Tag color={panel.status === 'open' ? 'green' : 'default'}>{t(`f.${panel.status}`)}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('m.name')}>{t('counts', panel.counts)}</Descriptions.Item>
          <Descriptions.Item label={t('f.screener')}>{panel.screenerSurveyName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('f.tiers')}>
            {panel.tiers.map((x) => `${x.name} ≥ ${x.minPoints}`).join(' · ') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('f.tag')}>
            <Tag>{panel.tag}</Tag>
          </Descriptions.Item>
        </Descriptions>
        {panel.description && <Typography.Paragraph>{panel.description}</Typography.Paragraph>}
      </Card>
      <Card size="small" title={t('link')} data-testid="panel-link">
        <Space align="start" wrap size={16}>
          <img src={`/api/v1/panels/${panel.id}/qr?size=256`} alt={t('qr')} width={160} height={160} />
          <Space direction="vertical" size={4} style={{ maxWidth: 420 }}>
            <Typography.Paragraph copyable={{ text: panel.joinUrl }} style={{ wordBreak: 'break-all', margin: 0 }}>
              <a href={panel.joinUrl} target="_blank" rel="noreferrer">
                {panel.joinUrl}
              </a>
            </Typography.Paragraph>
            <Typography.Text type="secondary">{t('linkHelp')}</Typography.Text>
          </Space>
        </Space>
      </Card>
    </Space>
  );
}

interface PanelForm {
  name: string;
  description?: string;
  benefits?: string;
  screenerSurveyId?: string | null;
  ruleKind: TPanelPassRule['kind'];
  question?: string;
  anyOf?: string[];
  tiers: Array<{ name: string; minPoints: number }>;
  tag: string;
  status: 'open' | 'closed';
  recruitLimit?: number | null;
}

function PanelDrawer({ panel, phone, onClose }: { panel: TPanel | null; phone: boolean; onClose: () => void }) {
  const { t } = useTranslation('panel');
  const { message } = App.useApp();
  const [form] = Form.useForm<PanelForm>();
  const surveys = useSurveys();
  const save = useSavePanel({
    onSuccess: () => {
      message.success(t('saved'));
      onClose();
    },
    onError: (err) => form.setFields(formErrors(err) as never),
  });
  const ruleKind = Form.useWatch('ruleKind', form);
  const initial: PanelForm = panel
    ? {
        name: panel.name,
        description: panel.description ?? undefined,
        benefits: panel.benefits ?? undefined,
        screenerSurveyId: panel.screenerSurveyId,
        ruleKind: panel.passRule.kind,
        question: panel.passRule.kind === 'answer' ? panel.passRule.question : undefined,
        anyOf: panel.passRule.kind === 'answer' ? panel.passRule.anyOf : undefined,
        tiers: panel.tiers,
        tag: panel.tag,
        status: panel.status,
        recruitLimit: panel.recruitLimit,
      }
    : { name: '', ruleKind: 'all', tiers: [{ name: '新手', minPoints: 0 }], tag: '体验达人', status: 'open' };
  const submit = (v: PanelForm) => {
    const passRule: TPanelPassRule =
      v.ruleKind === 'answer'
        ? { kind: 'answer', question: v.question ?? '', anyOf: v.anyOf ?? [] }
        : { kind: v.ruleKind };
    save.mutate({
      id: panel?.id,
      body: {
        name: v.name,
        description: v.description || undefined,
        benefits: v.benefits || undefined,
        screenerSurveyId: v.screenerSurveyId ?? null,
        passRule,
        tiers: v.tiers ?? [],
        tag: v.tag,
        status: v.status,
        recruitLimit: v.recruitLimit ?? null,
      },
    });
  };
  return (
    <Drawer
      open
      title={panel ? t('edit') : t('newPanel')}
      width={phone ? '100%' : 560}
      onClose={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initial} onFinish={submit}>
        <Form.Item name="name" label={t('f.name')} rules={[{ required: true, max: 120 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="description" label={t('f.description')} rules={[{ max: 4000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="benefits" label={t('f.benefits')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="screenerSurveyId" label={t('f.screener')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            options={(surveys.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          />
        </Form.Item>
        <Form.Item name="ruleKind" label={t('f.passRule')}>
          <Radio.Group>
            <Radio value="all">{t('f.ruleAll')}</Radio>
            <Radio value="manual">{t('f.ruleManual')}</Radio>
            <Radio value="answer">{t('f.ruleAnswer')}</Radio>
          </Radio.Group>
        </Form.Item>
        {ruleKind === 'answer' && (
          <Space wrap>
            <Form.Item name="question" label={t('f.question')} rules={[{ required: true }]}>
              <Input placeholder="visits" />
            </Form.Item>
            <Form.Item name="anyOf" label={t('f.anyOf')} rules={[{ required: true }]}>
              <Select mode="tags" style={{ minWidth: 200 }} />
            </Form.Item>
          </Space>
        )}
        <Typography.Text strong>{t('f.tiers')}</Typography.Text>
        <Form.List name="tiers">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, max: 40 }]}>
                    <Input placeholder={t('f.tierName')} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'minPoints']} rules={[{ required: true }]}>
                    <InputNumber min={0} placeholder={t('f.minPoints')} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} style={{ marginBottom: 16 }}>
                {t('f.addTier')}
              </Button>
            </>
          )}
        </Form.List>
        <Space wrap>
          <Form.Item name="tag" label={t('f.tag')} rules={[{ required: true, max: 50 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="status" label={t('f.status')}>
            <Select
              style={{ width: 140 }}
              options={[
                { value: 'open', label: t('f.open') },
                { value: 'closed', label: t('f.closed') },
              ]}
            />
          </Form.Item>
          <Form.Item name="recruitLimit" label={t('f.recruitLimit')}>
            <InputNumber min={1} max={100000} />
          </Form.Item>
        </Space>
        <Button type="primary" htmlType="submit" loading={save.isPending} block={phone}>
          {t('core:common.save')}
        </Button>
      </Form>
    </Drawer>
  );
}

function Members({ panel, manage, phone }: { panel: TPanel; manage: boolean; phone: boolean }) {
  const { t } = useTranslation('panel');
  const [filter, setFilter] = useState<{ status?: string; tier?: string; q?: string; page: number }>({ page: 1 });
  const members = useMembers(panel.id, filter);
  const [open, setOpen] = useState<string>();
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('m.status')}
          style={{ width: 140 }}
          value={filter.status}
          onChange={(v) => setFilter({ ...filter, status: v, page: 1 })}
          options={(['active', 'applied', 'rejected', 'left'] as const).map((s) => ({
            value: s,
            label: t(`memberStatus.${s}`),
          }))}
        />
        <Select
          allowClear
          placeholder={t('m.tier')}
          style={{ width: 140 }}
          value={filter.tier}
          onChange={(v) => setFilter({ ...filter, tier: v, page: 1 })}
          options={panel.tiers.map((x) => ({ value: x.name, label: x.name }))}
        />
        <Input.Search
          allowClear
          placeholder={t('m.search')}
          style={{ width: 200 }}
          onSearch={(q) => setFilter({ ...filter, q: q || undefined, page: 1 })}
        />
      </Space>
      <Table
        rowKey="id"
        size="small"
        loading={members.isLoading}
        dataSource={members.data?.items ?? []}
        scroll={{ x: phone ? 480 : undefined }}
        pagination={{
          current: filter.page,
          pageSize: 50,
          total: members.data?.total ?? 0,
          onChange: (page) => setFilter({ ...filter, page }),
        }}
        onRow={(m) => ({ onClick: () => setOpen(m.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('m.name'), dataIndex: 'displayName' },
          { title: t('m.points'), dataIndex: 'points', align: 'right' },
          { title: t('m.tier'), dataIndex: 'tier', render: (v: string | null) => v ?? '—' },
          {
            title: t('m.status'),
            dataIndex: 'status',
            render: (s: string) => <Tag color={STATUS_COLOR[s]}>{t(`memberStatus.${s}`)}</Tag>,
          },
          ...(phone
            ? []
            : [
                { title: t('m.contact'), dataIndex: 'contact' },
                { title: t('m.openTasks'), dataIndex: 'openTasks', align: 'right' as const },
                { title: t('m.joined'), dataIndex: 'joinedAt', render: when },
              ]),
        ]}
      />
      {open && <MemberDrawer id={open} manage={manage} phone={phone} onClose={() => setOpen(undefined)} />}
    </>
  );
}

function MemberDrawer({
  id,
  manage,
  phone,
  onClose,
}: {
  id: string;
  manage: boolean;
  phone: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('panel');
  const { message } = App.useApp();
  const detail = useMember(id);
  const update = useUpdateMember({
    onSuccess: () => message.success(t('saved')),
    onError: (e) => message.error(e.message),
  });
  const d = detail.data;
  return (
    <Drawer
      open
      title={d?.member.displayName}
      width={phone ? '100%' : 520}
      onClose={onClose}
      data-testid="member-drawer"
    >
      {d && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('m.status')}>
              <Tag color={STATUS_COLOR[d.member.status]}>{t(`memberStatus.${d.member.status}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('m.points')}>{d.member.points}</Descriptions.Item>
            <Descriptions.Item label={t('m.tier')}>{d.member.tier ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('m.contact')}>{d.member.contact ?? '—'}</Descriptions.Item>
          </Descriptions>
          {manage && (
            <Space wrap>
              {d.member.status === 'applied' && (
                <>
                  <Button type="primary" onClick={() => update.mutate({ id, status: 'active' })}>
                    {t('m.accept')}
                  </Button>
                  <Button danger onClick={() => update.mutate({ id, status: 'rejected' })}>
                    {t('m.reject')}
                  </Button>
                </>
              )}
              {d.member.status === 'active' && (
                <>
                  <Button onClick={() => update.mutate({ id, rotateLink: true })}>{t('m.rotate')}</Button>
                  <Button danger onClick={() => update.mutate({ id, status: 'left' })}>
                    {t('m.remove')}
                  </Button>
                </>
              )}
            </Space>
          )}
          {d.portalUrl && (
            <Card size="small" title={t('m.portal')}>
              <Typography.Paragraph copyable={{ text: d.portalUrl }} style={{ wordBreak: 'break-all', margin: 0 }}>
                {d.portalUrl}
              </Typography.Paragraph>
              <Typography.Text type="secondary">{t('m.portalHelp')}</Typography.Text>
            </Card>
          )}
          <Typography.Text strong>{t('m.ledger')}</Typography.Text>
          <List
            size="small"
            dataSource={d.ledger}
            data-testid="member-ledger"
            renderItem={(l) => (
              <List.Item extra={<b>{l.delta > 0 ? `+${l.delta}` : l.delta}</b>}>
                {t(`m.reason.${l.reason}`)} · {when(l.createdAt)}
              </List.Item>
            )}
          />
          <Typography.Text strong>{t('m.tasks')}</Typography.Text>
          <List
            size="small"
            dataSource={d.assignments}
            renderItem={(a) => (
              <List.Item extra={<Tag color={STATUS_COLOR[a.status]}>{a.status}</Tag>}>
                {a.title} · {when(a.dueAt)}
              </List.Item>
            )}
          />
          {Object.keys(d.screenerAnswers).length > 0 && (
            <>
              <Typography.Text strong>{t('m.screener')}</Typography.Text>
              <Descriptions column={1} size="small">
                {Object.entries(d.screenerAnswers).map(([k, v]) => (
                  <Descriptions.Item key={k} label={k}>
                    {Array.isArray(v) ? v.join(', ') : String(v)}
                  </Descriptions.Item>
                ))}
              </Descriptions>
            </>
          )}
        </Space>
      )}
    </Drawer>
  );
}

function Tasks({ panel, manage, phone }: { panel: TPanel; manage: boolean; phone: boolean }) {
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
    const body: TNewPanelTask = {
      title: v.title,
      kind: v.kind,
      instructions: v.instructions || undefined,
      orgUnitId: v.kind === 'offline' ? v.orgUnitId : undefined,
      checkInRequired: v.kind === 'offline' && v.checkInRequired,
      radiusM: v.radiusM,
      minPhotos: v.kind === 'offline' ? v.minPhotos : 0,
      fields: v.fields.map((f, i) => ({ code: `f${i + 1}`, label: f.label, type: f.type, required: !!f.required })),
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

function Review({ panel, canReview }: { panel: TPanel; canReview: boolean }) {
  const { t } = useTranslation('panel');
  const [state, setState] = useState<'pending' | 'reviewed' | 'all'>('pending');
  const subs = useSubmissions(panel.id, state);
  return (
    <>
      <Segmented
        value={state}
        onChange={(v) => setState(v as typeof state)}
        options={(['pending', 'reviewed', 'all'] as const).map((k) => ({ value: k, label: t(`r.${k}`) }))}
        style={{ marginBottom: 12 }}
      />
      <List
        loading={subs.isLoading}
        dataSource={subs.data?.items ?? []}
        locale={{ emptyText: t('r.empty') }}
        renderItem={(s) => <SubmissionCard key={s.id} s={s} canReview={canReview} />}
      />
    </>
  );
}

function SubmissionCard({ s, canReview }: { s: TPanelSubmission; canReview: boolean }) {
  const { t } = useTranslation('panel');
  const { message } = App.useApp();
  const [note, setNote] = useState('');
  const review = useReview({
    onSuccess: (out) =>
      message.success(out.status === 'approved' ? t('r.approved', { n: out.pointsAwarded ?? 0 }) : t('r.rejected')),
    onError: (e) => message.error(e.message),
  });
  const value = (v: string | number | boolean | undefined) =>
    v === true ? t('r.yes') : v === false ? t('r.no') : v === undefined ? '—' : String(v);
  const far = s.checkInDistanceM !== null && s.checkInDistanceM > s.radiusM;
  return (
    <Card
      size="small"
      style={{ marginBottom: 8 }}
      data-testid="submission"
      title={`${s.memberName} · ${s.taskTitle}`}
      extra={<Tag color={STATUS_COLOR[s.status]}>{s.status}</Tag>}
    >
      <Space direction="vertical" style={{ width: '100%' }} size={6}>
        <Typography.Text type="secondary">
          {s.unitName ? `${s.unitName} · ` : ''}
          {t('r.submitted', { at: when(s.submittedAt) })}
        </Typography.Text>
        <Typography.Text type={far ? 'danger' : undefined} data-testid="submission-distance">
          {s.checkInDistanceM === null ? t('r.noCheckIn') : t('r.distance', { m: s.checkInDistanceM, r: s.radiusM })}
        </Typography.Text>
        <Descriptions column={1} size="small">
          {s.fields.map((f) => (
            <Descriptions.Item key={f.code} label={f.label}>
              {value(s.answers[f.code])}
            </Descriptions.Item>
          ))}
        </Descriptions>
        {s.photos.length > 0 && (
          <Image.PreviewGroup>
            <Space wrap>
              {s.photos.map((p) => (
                <Image key={p.id} src={p.url} width={96} height={96} style={{ objectFit: 'cover' }} alt="" />
              ))}
            </Space>
          </Image.PreviewGroup>
        )}
        {s.reviewedAt ? (
          <Typography.Text>
            {when(s.reviewedAt)} {s.reviewNote ?? ''} {s.pointsAwarded ? `+${s.pointsAwarded}` : ''}
          </Typography.Text>
        ) : (
          canReview && (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Input.TextArea
                rows={2}
                maxLength={2000}
                placeholder={t('r.note')}
                value={note}
                onChange={(e) => setNote(e.target.value)}
              />
              <Space wrap>
                <Button
                  type="primary"
                  data-testid="approve"
                  loading={review.isPending}
                  onClick={() => review.mutate({ id: s.id, decision: 'approve', note: note || undefined })}
                >
                  {t('r.approve')}
                </Button>
                <Button
                  danger
                  data-testid="reject"
                  disabled={review.isPending}
                  onClick={() => {
                    if (!note.trim()) return message.warning(t('r.noteRequired'));
                    review.mutate({ id: s.id, decision: 'reject', note });
                  }}
                >
                  {t('r.reject')}
                </Button>
              </Space>
            </Space>
          )
        )}
      </Space>
    </Card>
  );
}
