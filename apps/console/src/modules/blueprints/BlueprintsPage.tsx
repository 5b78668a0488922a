import {
  App,
  Button,
  Card,
  Drawer,
  Empty,
  Form,
  Grid,
  Input,
  List,
  Select,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useJourneys } from '../journeys/api.ts';
import { useCanManageQa } from '../quality/present.tsx';
import { QualityTabs } from '../quality/QualityTabs.tsx';
import { useTeams } from '../teams/api.ts';
import { type BlueprintSummary, useBlueprints, useSaveBlueprint } from './api.ts';

interface NewValues {
  journeyId: string;
  name: string;
  nameEn?: string;
  ownerTeamId?: string;
  lanes: string[];
}

/** The tenant's process blueprints by journey; HQ starts a new one (start → end in its first lane) in a drawer. */
export function BlueprintsPage() {
  const { t, i18n } = useTranslation('blueprints');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const phone = !Grid.useBreakpoint().md;
  const canManage = useCanManageQa();
  const [archived, setArchived] = useState(false);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<NewValues>();
  const list = useBlueprints(archived);
  const journeys = useJourneys('active');
  const teams = useTeams();
  const en = i18n.language.startsWith('en');
  const pick = (x: { name: string; nameEn: string | null }) => (en && x.nameEn ? x.nameEn : x.name);
  const save = useSaveBlueprint({
    onSuccess: (b) => {
      message.success(t('created'));
      setCreating(false);
      navigate(`/quality/blueprints/${b.id}`);
    },
    onError: (e) => message.error(e.message),
  });
  const create = (v: NewValues) =>
    save.mutate({
      body: {
        journeyId: v.journeyId,
        name: v.name,
        ...(v.nameEn ? { nameEn: v.nameEn } : {}),
        ...(v.ownerTeamId ? { ownerTeamId: v.ownerTeamId } : {}),
        lanes: v.lanes,
        nodes: (['start', 'end'] as const).map((kind) => ({
          id: kind,
          kind,
          label: t(`create.${kind}Label`),
          labelEn: null,
          stage: 'front',
          lane: v.lanes[0],
          raci: { responsible: null, accountable: null, consulted: [], informed: [] },
          touchpointIds: [],
          eventTypes: [],
        })),
        edges: [{ from: 'start', to: 'end', label: null }],
      },
    });
  const teamOptions = (teams.data ?? []).map((x) => ({ value: x.id, label: pick({ name: x.name, nameEn: x.nameEn }) }));
  return (
    <div>
      <QualityTabs
        extra={
          canManage && (
            <Button type="primary" onClick={() => setCreating(true)}>
              {t('new')}
            </Button>
          )
        }
      />
      <Space style={{ marginBottom: 12 }}>
        <Switch size="small" checked={archived} onChange={setArchived} />
        {t('showArchived')}
      </Space>
      <List<BlueprintSummary>
        loading={list.isLoading}
        dataSource={list.data ?? []}
        locale={{ emptyText: <Empty description={t('empty')} /> }}
        grid={phone ? { column: 1 } : { column: 3, gutter: 12 }}
        renderItem={(b) => (
          <List.Item>
            <Card size="small" hoverable onClick={() => navigate(`/quality/blueprints/${b.id}`)} data-testid="bp-card">
              <Space direction="vertical" size={4}>
                <Space wrap size={4}>
                  <Typography.Text strong>{pick(b)}</Typography.Text>
                  <Tag>{t('versionN', { n: b.version })}</Tag>
                  {b.archived && <Tag>{t('archived')}</Tag>}
                </Space>
                <Typography.Text type="secondary">
                  {b.journeyName} · {t('nodesN', { n: b.nodeCount })}
                </Typography.Text>
                {canManage && (
                  <Button
                    size="small"
                    onClick={(e) => {
                      e.stopPropagation();
                      save.mutate({ id: b.id, body: { archived: !b.archived } });
                    }}
                  >
                    {b.archived ? t('restore') : t('archive')}
                  </Button>
                )}
              </Space>
            </Card>
          </List.Item>
        )}
      />
      <Drawer
        title={t('new')}
        open={creating}
        onClose={() => setCreating(false)}
        width={phone ? '100%' : 460}
        destroyOnHidden
        extra={
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {t('new')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">{t('create.help')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={create}>
          <Form.Item name="journeyId" label={t('journey')} rules={[{ required: true }]}>
            <Select
              loading={journeys.isLoading}
              options={(journeys.data ?? []).map((j) => ({ value: j.id, label: pick(j) }))}
            />
          </Form.Item>
          <Form.Item name="name" label={t('name')} rules={[{ required: true, max: 120 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="nameEn" label={t('nameEn')} rules={[{ max: 120 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="ownerTeamId" label={t('owner')}>
            <Select allowClear options={teamOptions} />
          </Form.Item>
          <Form.Item name="lanes" label={t('lanes')} rules={[{ required: true }]}>
            <Select mode="multiple" options={teamOptions} />
          </Form.Item>
        </Form>
      </Drawer>
    </div>
  );
}
