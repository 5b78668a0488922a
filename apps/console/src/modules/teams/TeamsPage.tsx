import { App, Button, Form, Input, Popconfirm, Select, Space, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { ListPageHeader, RecordDialog, useRecordDialog } from '../../components/ListPage.tsx';
import { formErrors } from '../../lib/api.ts';
import { useMe } from '../../lib/me.tsx';
import { useUsers } from '../users/api.ts';
import { type Team, useDeleteTeam, useSaveTeam, useTeams } from './api.ts';

/** The teams page (loaded when its route is first opened). */
export function TeamsPage() {
  const { t } = useTranslation('teams');
  const me = useMe();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const dialog = useRecordDialog<Team>(form);
  const teams = useTeams();
  const users = useUsers('', { enabled: me.can('users.read') });
  const userName = new Map((users.data ?? []).map((u) => [u.id, u.name]));

  const save = useSaveTeam({
    onSuccess: () => {
      message.success(t('core:common.saved'));
      dialog.close();
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
      <ListPageHeader
        title={t('title')}
        newLabel={t('core:common.create')}
        onNew={canWrite ? () => dialog.open('new') : undefined}
      />
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
                      <Button size="small" onClick={() => dialog.open(team)}>
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
      <RecordDialog dialog={dialog} save={save} newTitle={t('new')}>
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
      </RecordDialog>
    </div>
  );
}
