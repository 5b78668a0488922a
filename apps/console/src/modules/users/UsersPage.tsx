import { grantableRoles, type TRole } from '@loopcx/shared';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RecordDialog, useRecordDialog } from '../../components/ListPage.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { formErrors } from '../../lib/api.ts';
import { useMe } from '../../lib/me.tsx';
import { useUnitLabel } from '../../lib/org.ts';
import { useTeams } from '../teams/api.ts';
import { type User, useDisableUser, useSaveUser, useUsers } from './api.ts';

/** The users page (loaded when its route is first opened). */
export function UsersPage() {
  const { t } = useTranslation('users');
  const unitLabel = useUnitLabel();
  const me = useMe();
  const { message } = App.useApp();
  const [generated, setGenerated] = useState<{ email: string; password: string }>();
  const [q, setQ] = useState('');
  const [form] = Form.useForm();
  const dialog = useRecordDialog<User>(form, { role: 'viewer', orgUnitId: me.orgUnit.id, locale: 'zh-CN' });
  const users = useUsers(q);
  const teams = useTeams();
  const canWrite = me.can('users.write');
  const roles = grantableRoles(me.role as TRole);

  const save = useSaveUser({
    onSuccess: (u) => {
      message.success(t('core:common.saved'));
      if (u.password) setGenerated({ email: u.email, password: u.password });
      dialog.close();
    },
    onError: (err) => {
      form.setFields(formErrors(err));
      message.error(err.message);
    },
  });
  const disable = useDisableUser({ onError: (err) => message.error(err.message) });

  return (
    <div>
      <Space style={{ marginBottom: 16, flexWrap: 'wrap' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        <Input.Search placeholder={t('search')} allowClear onSearch={setQ} style={{ width: 220 }} />
        {canWrite && (
          <Button type="primary" onClick={() => dialog.open('new')}>
            {t('new')}
          </Button>
        )}
      </Space>
      <Table
        rowKey="id"
        loading={users.isLoading}
        dataSource={users.data}
        scroll={{ x: 800 }}
        columns={[
          { title: t('name'), dataIndex: 'name' },
          { title: t('email'), dataIndex: 'email' },
          {
            title: t('role'),
            dataIndex: 'role',
            render: (r: string) => <Tag color="blue">{t(`core:roles.${r}`)}</Tag>,
          },
          { title: t('unit'), render: (_: unknown, u: User) => `${unitLabel(u.orgUnit)} (${u.orgUnit.code})` },
          {
            title: t('core:common.status'),
            dataIndex: 'status',
            render: (s: string) => <Tag color={s === 'active' ? 'green' : 'default'}>{t(`core:common.${s}`)}</Tag>,
          },
          ...(canWrite
            ? [
                {
                  title: t('core:common.actions'),
                  width: 170,
                  render: (_: unknown, u: User) => (
                    <Space>
                      <Button size="small" onClick={() => dialog.open(u)}>
                        {t('core:common.edit')}
                      </Button>
                      {u.status === 'active' && u.id !== me.id && (
                        <Popconfirm
                          title={t('disableConfirm', { name: u.name })}
                          onConfirm={() => disable.mutate(u.id)}
                        >
                          <Button size="small" danger>
                            {t('disable')}
                          </Button>
                        </Popconfirm>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <RecordDialog dialog={dialog} save={save} newTitle={t('new')}>
        <Form.Item name="email" label={t('email')} rules={[{ required: true, type: 'email' }]}>
          <Input disabled={!dialog.isNew} />
        </Form.Item>
        <Form.Item name="name" label={t('name')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="role" label={t('role')} rules={[{ required: true }]}>
          <Select options={roles.map((r) => ({ value: r, label: t(`core:roles.${r}`) }))} />
        </Form.Item>
        <Form.Item name="orgUnitId" label={t('unit')} rules={[{ required: true }]} extra={t('unitHelp')}>
          <UnitPicker allowClear={false} />
        </Form.Item>
        <Form.Item name="teamIds" label={t('teams')}>
          <Select mode="multiple" options={(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))} />
        </Form.Item>
        <Form.Item name="locale" label={t('locale')}>
          <Select
            options={[
              { value: 'zh-CN', label: '中文' },
              { value: 'en', label: 'English' },
            ]}
          />
        </Form.Item>
        {!dialog.isNew && (
          <Form.Item name="status" label={t('core:common.status')}>
            <Select
              options={[
                { value: 'active', label: t('core:common.active') },
                { value: 'disabled', label: t('core:common.disabled') },
              ]}
            />
          </Form.Item>
        )}
        <Form.Item name="password" label={dialog.isNew ? t('passwordNew') : t('passwordReset')} rules={[{ min: 10 }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </RecordDialog>
      <Modal
        open={!!generated}
        title={t('generatedTitle')}
        onOk={() => setGenerated(undefined)}
        onCancel={() => setGenerated(undefined)}
        cancelButtonProps={{ style: { display: 'none' } }}
      >
        <Alert type="warning" showIcon message={t('generatedOnce')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph>{generated?.email}</Typography.Paragraph>
        <Typography.Paragraph copyable code>
          {generated?.password}
        </Typography.Paragraph>
      </Modal>
    </div>
  );
}
