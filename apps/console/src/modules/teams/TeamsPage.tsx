import { App, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formErrors } from '../../lib/api.ts';
import { useMe } from '../../lib/me.tsx';
import { useUsers } from '../users/api.ts';
import { type Team, useDeleteTeam, useSaveTeam, useTeams } from './api.ts';

/** The teams page (loaded when its route is first opened). */
export function TeamsPage() {
  const { t } = useTranslation('teams');
  const me = useMe();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<Team | 'new' | null>(null);
  const [form] = Form.useForm();
  const teams = useTeams();
  const users = useUsers('', { enabled: me.can('users.read') });
  const userName = new Map((users.data ?? []).map((u) => [u.id, u.name]));

  useEffect(() => {
    form.resetFields();
    if (editing && editing !== 'new') form.setFieldsValue(editing);
  }, [editing, form]);

  const save = useSaveTeam({
    onSuccess: () => {
      message.success(t('core:common.saved'));
      setEditing(null);
    },
    onError: (err) => {
      form.setFields(formErrors(err));
      message.error(err.message);
    },
  });
  const remove = useDeleteTeam({ onError: (err) => message.error(err.message) });
  const canWrite = me.can('teams.write');

  return (
    <div>
      <Space style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        {canWrite && (
          <Button type="primary" onClick={() => setEditing('new')}>
            {t('core:common.create')}
          </Button>
        )}
      </Space>
      <Table
        rowKey="id"
        loading={teams.isLoading}
        dataSource={teams.data}
        scroll={{ x: 600 }}
        pagination={false}
        columns={[
          { title: t('core:common.name'), dataIndex: 'name' },
          { title: t('core:common.nameEn'), dataIndex: 'nameEn' },
          {
            title: t('members'),
            dataIndex: 'memberIds',
            render: (ids: string[]) => ids.map((id) => userName.get(id) ?? '…').join('、') || '—',
          },
          ...(canWrite
            ? [
                {
                  title: t('core:common.actions'),
                  width: 160,
                  render: (_: unknown, team: Team) => (
                    <Space>
                      <Button size="small" onClick={() => setEditing(team)}>
                        {t('core:common.edit')}
                      </Button>
                      <Popconfirm
                        title={t('deleteConfirm', { name: team.name })}
                        onConfirm={() => remove.mutate(team.id)}
                      >
                        <Button size="small" danger>
                          {t('core:common.delete')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={!!editing}
        title={editing === 'new' ? t('new') : t('core:common.edit')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(values) => save.mutate({ id: editing === 'new' ? undefined : editing?.id, values })}
        >
          <Form.Item name="name" label={t('core:common.name')} rules={[{ required: true, max: 200 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="nameEn" label={t('core:common.nameEn')}>
            <Input />
          </Form.Item>
          <Form.Item name="description" label={t('description')}>
            <Input.TextArea rows={2} />
          </Form.Item>
          {me.can('users.read') && (
            <Form.Item name="memberIds" label={t('members')}>
              <Select
                mode="multiple"
                optionFilterProp="label"
                options={(users.data ?? []).map((u) => ({ value: u.id, label: `${u.name} <${u.email}>` }))}
              />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </div>
  );
}
