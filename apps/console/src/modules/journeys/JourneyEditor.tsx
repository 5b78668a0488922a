import { ArrowLeftOutlined, ArrowRightOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Form, Input, Modal, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { formErrors } from '../../lib/api.ts';
import { useChangeJourney, useJourneys } from './api.ts';
import { TouchpointForm } from './TouchpointForm.tsx';
import type { Stage, Touchpoint } from './types.ts';

type NameModal = { kind: 'journey' | 'newJourney' | 'stage' | 'newStage'; stage?: Stage } | null;

/** The journey editor: stages (add, rename, reorder, delete), touchpoints per stage, and the journey itself. */
export function JourneyEditor() {
  const { t, i18n } = useTranslation('journeys');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [nameModal, setNameModal] = useState<NameModal>(null);
  const [tpEditing, setTpEditing] = useState<Touchpoint | { stageId: string } | null>(null);
  const [moveTo, setMoveTo] = useState<string | undefined>();
  const [form] = Form.useForm();
  const journeys = useJourneys('all');
  const journey =
    journeys.data?.find((j) => j.id === params.get('journey')) ?? journeys.data?.find((j) => j.status === 'active');
  const label = (x: { name: string; nameEn: string | null }) =>
    i18n.language === 'en' && x.nameEn ? x.nameEn : x.name;
  const call = useChangeJourney({
    onSuccess: (j) => {
      if (j?.id) setParams({ journey: j.id }, { replace: true });
      setNameModal(null);
      message.success(t('core:common.saved'));
    },
    onError: (err) => {
      form.setFields(formErrors(err));
      message.error(err.message);
    },
  });
  const openName = (m: NameModal) => {
    form.resetFields();
    if (m?.kind === 'journey' && journey)
      form.setFieldsValue({ name: journey.name, nameEn: journey.nameEn, description: journey.description });
    if (m?.kind === 'stage' && m.stage) form.setFieldsValue({ name: m.stage.name, nameEn: m.stage.nameEn });
    setNameModal(m);
  };
  const submitName = (v: { name: string; nameEn?: string; description?: string }) => {
    const nameEn = v.nameEn || null;
    if (nameModal?.kind === 'newJourney')
      call.mutate({
        path: 'journeys',
        method: 'POST',
        body: { name: v.name, nameEn, description: v.description || null },
      });
    else if (!journey) return;
    else if (nameModal?.kind === 'journey')
      call.mutate({
        path: `journeys/${journey.id}`,
        method: 'PATCH',
        body: { name: v.name, nameEn, description: v.description || null },
      });
    else if (nameModal?.kind === 'newStage')
      call.mutate({ path: `journeys/${journey.id}/stages`, method: 'POST', body: { name: v.name, nameEn } });
    else if (nameModal?.stage)
      call.mutate({
        path: `journeys/${journey.id}/stages/${nameModal.stage.id}`,
        method: 'PATCH',
        body: { name: v.name, nameEn },
      });
  };
  const move = (i: number, by: number) => {
    if (!journey) return;
    const ids = journey.stages.map((s) => s.id);
    [ids[i], ids[i + by]] = [ids[i + by], ids[i]];
    call.mutate({ path: `journeys/${journey.id}/stage-order`, method: 'PUT', body: { stageIds: ids } });
  };

  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Button
          icon={<ArrowLeftOutlined />}
          onClick={() => navigate(journey ? `/journeys?journey=${journey.id}` : '/journeys')}
        >
          {t('backToMap')}
        </Button>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('editorTitle')}
        </Typography.Title>
        <Select
          style={{ minWidth: 180 }}
          value={journey?.id}
          onChange={(v) => setParams({ journey: v }, { replace: true })}
          options={(journeys.data ?? []).map((j) => ({
            value: j.id,
            label: `${label(j)}${j.status === 'archived' ? ` (${t('core:common.archived')})` : ''}`,
          }))}
        />
        <Button icon={<PlusOutlined />} onClick={() => openName({ kind: 'newJourney' })}>
          {t('newJourney')}
        </Button>
        {journey && (
          <Button icon={<EditOutlined />} onClick={() => openName({ kind: 'journey' })}>
            {t('renameJourney')}
          </Button>
        )}
        {journey && (
          <Popconfirm
            title={journey.status === 'active' ? t('archiveJourneyConfirm') : t('restoreJourney')}
            onConfirm={() =>
              call.mutate({
                path: `journeys/${journey.id}`,
                method: 'PATCH',
                body: { status: journey.status === 'active' ? 'archived' : 'active' },
              })
            }
          >
            <Button danger={journey.status === 'active'}>
              {journey.status === 'active' ? t('archive') : t('restore')}
            </Button>
          </Popconfirm>
        )}
      </Space>
      {!journey && !journeys.isLoading && <Empty description={t('none')} />}
      {journey && (
        <div style={{ display: 'flex', gap: 8, overflowX: 'auto', paddingBottom: 8 }} data-testid="journey-editor">
          {journey.stages.map((s, i) => (
            <Card
              key={s.id}
              size="small"
              style={{ flex: '0 0 230px' }}
              title={
                <span>
                  {i + 1}. {label(s)}
                </span>
              }
              extra={
                <Space size={0}>
                  <Button
                    size="small"
                    type="text"
                    icon={<ArrowLeftOutlined />}
                    disabled={i === 0}
                    onClick={() => move(i, -1)}
                    aria-label={t('moveLeft')}
                  />
                  <Button
                    size="small"
                    type="text"
                    icon={<ArrowRightOutlined />}
                    disabled={i === journey.stages.length - 1}
                    onClick={() => move(i, 1)}
                    aria-label={t('moveRight')}
                  />
                  <Button
                    size="small"
                    type="text"
                    icon={<EditOutlined />}
                    onClick={() => openName({ kind: 'stage', stage: s })}
                    aria-label={t('renameStage')}
                  />
                  <Popconfirm
                    title={s.touchpoints.length ? t('deleteStageMove', { n: s.touchpoints.length }) : t('deleteStage')}
                    description={
                      s.touchpoints.length > 0 && (
                        <Select
                          style={{ width: 200 }}
                          placeholder={t('moveTo')}
                          value={moveTo}
                          onChange={setMoveTo}
                          options={journey.stages
                            .filter((x) => x.id !== s.id)
                            .map((x) => ({ value: x.id, label: label(x) }))}
                        />
                      )
                    }
                    okButtonProps={{ disabled: s.touchpoints.length > 0 && !moveTo }}
                    onOpenChange={() => setMoveTo(undefined)}
                    onConfirm={() =>
                      call.mutate({
                        path: `journeys/${journey.id}/stages/${s.id}${s.touchpoints.length && moveTo ? `?moveTouchpointsTo=${moveTo}` : ''}`,
                        method: 'DELETE',
                      })
                    }
                  >
                    <Button
                      size="small"
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t('core:common.delete')}
                    />
                  </Popconfirm>
                </Space>
              }
            >
              {s.touchpoints.map((tp) => (
                <Card.Grid
                  key={tp.id}
                  hoverable
                  style={{ width: '100%', padding: 8, cursor: 'pointer' }}
                  onClick={() => setTpEditing(tp)}
                >
                  <Typography.Text strong>{label(tp)}</Typography.Text>{' '}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {tp.code}
                  </Typography.Text>
                  <div style={{ fontSize: 12 }}>
                    <Tag>{t(`channel.${tp.channel}`)}</Tag>
                    {tp.primaryMetric.toUpperCase()}
                    {tp.target != null ? ` → ${tp.target}` : ''}
                  </div>
                  <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                    {t('owner')}: {tp.ownerTeam?.name ?? '—'} · A:{' '}
                    {tp.raci.accountable.map((p) => p.name).join('、') || '—'}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 11, display: 'block' }}>
                    {t('links')}: {tp.links.surveys.length} {t('surveysShort')} · {tp.links.metrics.join(', ') || '—'}
                    {tp.links.eventTypes.length ? ` · ${tp.links.eventTypes.join(', ')}` : ''}
                  </Typography.Text>
                </Card.Grid>
              ))}
              <Button
                block
                type="dashed"
                size="small"
                icon={<PlusOutlined />}
                style={{ marginTop: 8 }}
                onClick={() => setTpEditing({ stageId: s.id })}
              >
                {t('addTouchpoint')}
              </Button>
            </Card>
          ))}
          <Button
            type="dashed"
            style={{ flex: '0 0 140px', height: 80 }}
            icon={<PlusOutlined />}
            onClick={() => openName({ kind: 'newStage' })}
          >
            {t('addStage')}
          </Button>
        </div>
      )}
      <Modal
        open={!!nameModal}
        title={nameModal ? t(`modal.${nameModal.kind}`) : ''}
        onCancel={() => setNameModal(null)}
        onOk={() => form.submit()}
        confirmLoading={call.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={submitName}>
          <Form.Item name="name" label={t('core:common.name')} rules={[{ required: true, max: 200 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="nameEn" label={t('core:common.nameEn')}>
            <Input />
          </Form.Item>
          {(nameModal?.kind === 'journey' || nameModal?.kind === 'newJourney') && (
            <Form.Item name="description" label={t('description')}>
              <Input.TextArea rows={2} />
            </Form.Item>
          )}
        </Form>
      </Modal>
      {journey && <TouchpointForm journey={journey} editing={tpEditing} onClose={() => setTpEditing(null)} />}
    </div>
  );
}
