import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Input, Modal, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { formErrors } from '../../lib/api.ts';
import { unitName, useOrgUnits } from '../../lib/org.ts';
import { useTeams } from '../teams/api.ts';
import { useRootCauses } from '../tickets/api.ts';
import { useCreateProblem } from './api.ts';

interface FormValues {
  title: string;
  description?: string;
  rootCauseId?: string;
  sourceTopic?: string;
  tasks?: Array<{ owner?: string; title?: string; due?: Dayjs }>;
}

/**
 * The "new problem" form: title, description, root cause, topic, and its tasks — each for a team or an org unit
 * (one picker: `team:<id>` or `unit:<id>`) with a due date (the end of that day). `ticketIds` come from the tickets
 * list's selection.
 */
export function CreateProblemDialog({
  open,
  onClose,
  ticketIds = [],
}: {
  open: boolean;
  onClose: () => void;
  ticketIds?: string[];
}) {
  const { t, i18n } = useTranslation('problems');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  const teams = useTeams();
  const units = useOrgUnits();
  const causes = useRootCauses();
  const create = useCreateProblem({
    onSuccess: (p) => {
      onClose();
      navigate(`/problems/${p.id}`);
    },
    onError: (err) => {
      // The API names task fields teamId/orgUnitId and dueAt; the form's are owner and due.
      const field: Record<string, string> = { teamId: 'owner', orgUnitId: 'owner', dueAt: 'due' };
      form.setFields(
        formErrors(err).map((f) => ({
          ...f,
          name: f.name[0] === 'tasks' ? [...f.name.slice(0, 2), field[String(f.name[2])] ?? 'title'] : f.name,
        })) as Parameters<typeof form.setFields>[0],
      );
      message.error(err.message);
    },
  });
  const zh = i18n.language.startsWith('zh');
  const ownerOptions = [
    {
      label: t('team'),
      options: (teams.data ?? []).map((x) => ({ value: `team:${x.id}`, label: zh ? x.name : (x.nameEn ?? x.name) })),
    },
    {
      label: t('units'),
      options: (units.data ?? []).map((u) => ({ value: `unit:${u.id}`, label: unitName(u, i18n.language) })),
    },
  ];
  const submit = (v: FormValues) =>
    create.mutate({
      title: v.title,
      description: v.description || undefined,
      rootCauseId: v.rootCauseId,
      sourceTopic: v.sourceTopic || undefined,
      ticketIds,
      tasks: (v.tasks ?? []).map((x) => {
        const [kind, id] = (x.owner ?? ':').split(':');
        return {
          ...(kind === 'team' ? { teamId: id } : { orgUnitId: id }),
          title: x.title ?? '',
          dueAt: (x.due ?? null)?.endOf('day').toISOString() ?? '',
        };
      }),
    });
  return (
    <Modal
      open={open}
      title={ticketIds.length ? t('fromTickets', { n: ticketIds.length }) : t('new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      width={Math.min(720, window.innerWidth)}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ tasks: [{}] }}>
        <Form.Item name="title" label={t('titleCol')} rules={[{ required: true }]}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item name="description" label={t('description')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Space wrap style={{ width: '100%' }}>
          <Form.Item name="rootCauseId" label={t('rootCause')} style={{ minWidth: 200 }}>
            <Select
              allowClear
              options={(causes.data ?? []).map((c) => ({ value: c.id, label: zh ? c.name : (c.nameEn ?? c.name) }))}
            />
          </Form.Item>
          <Form.Item name="sourceTopic" label={t('sourceTopic')}>
            <Input maxLength={200} />
          </Form.Item>
        </Space>
        <Form.List name="tasks">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} wrap align="start" data-testid="task-row" style={{ display: 'flex' }}>
                  <Form.Item name={[f.name, 'owner']} rules={[{ required: true }]} style={{ width: 180 }}>
                    <Select placeholder={t('teamOrUnit')} options={ownerOptions} showSearch optionFilterProp="label" />
                  </Form.Item>
                  <Form.Item name={[f.name, 'title']} rules={[{ required: true }]} style={{ width: 220 }}>
                    <Input placeholder={t('taskTitle')} maxLength={300} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'due']} rules={[{ required: true }]}>
                    <DatePicker placeholder={t('dueAt')} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} style={{ marginTop: 8 }} />
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({})} icon={<PlusOutlined />}>
                {t('addTask')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
