import { App, Button, Col, Form, Input, InputNumber, Modal, Popconfirm, Row, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { formErrors } from '../../lib/api.ts';
import { useSurveys } from '../surveys/api.ts';
import { useTeams } from '../teams/api.ts';
import { useUsers } from '../users/api.ts';
import { useArchiveTouchpoint, useSaveTouchpoint } from './api.ts';
import type { Journey, Touchpoint } from './types.ts';

const RACI = ['responsible', 'accountable', 'consulted', 'informed'] as const;
const METRIC_SUGGESTIONS = ['nps', 'csat', 'ces', 'responses', 'cpo'];
const EVENT_SUGGESTIONS = ['order.completed', 'call.inbound', 'page.view', 'ticket.closed'];

/** Create or edit one touchpoint: channel, stage, owner team, RACI (teams and users), links, primary metric and target. */
export function TouchpointForm({
  journey,
  editing,
  onClose,
}: {
  journey: Journey;
  editing: Touchpoint | { stageId: string } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('journeys');
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const existing = editing && 'id' in editing ? editing : null;
  const teams = useTeams();
  const users = useUsers();
  const surveys = useSurveys();
  const parties = [
    { label: t('teams'), options: (teams.data ?? []).map((x) => ({ value: x.id, label: x.name })) },
    { label: t('users'), options: (users.data ?? []).map((x) => ({ value: x.id, label: x.name })) },
  ];

  useEffect(() => {
    form.resetFields();
    if (existing) {
      form.setFieldsValue({
        ...existing,
        raci: Object.fromEntries(RACI.map((r) => [r, existing.raci[r].map((p) => p.id)])),
        links: {
          surveys: existing.links.surveys.map((s) => s.id),
          metrics: existing.links.metrics,
          eventTypes: existing.links.eventTypes,
        },
      });
    } else if (editing) form.setFieldsValue({ stageId: editing.stageId, channel: 'physical', primaryMetric: 'csat' });
  }, [editing, existing, form]);

  const done = () => {
    message.success(t('core:common.saved'));
    onClose();
  };
  const save = useSaveTouchpoint(existing?.id, {
    onSuccess: done,
    onError: (err) => {
      form.setFields(formErrors(err));
      message.error(err.message);
    },
  });
  const archive = useArchiveTouchpoint(existing?.id, { onSuccess: done, onError: (err) => message.error(err.message) });
  // Cleared fields are sent as null so an edit can remove a stage, owner, target or text.
  const submit = (
    v: Record<string, unknown> & {
      target?: number | null;
      nameEn?: string;
      description?: string;
      stageId?: string;
      ownerTeamId?: string;
    },
  ) =>
    save.mutate({
      ...v,
      nameEn: v.nameEn || null,
      description: v.description || null,
      target: v.target ?? null,
      stageId: v.stageId ?? null,
      ownerTeamId: v.ownerTeamId ?? null,
    });

  return (
    <Modal
      open={!!editing}
      width={720}
      title={existing ? `${t('editTouchpoint')} · ${existing.name}` : t('newTouchpoint')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
      footer={(_, { OkBtn, CancelBtn }) => (
        <>
          {existing && (
            <Popconfirm title={t('archiveConfirm')} onConfirm={() => archive.mutate()}>
              <Button danger style={{ float: 'left' }}>
                {t('archive')}
              </Button>
            </Popconfirm>
          )}
          <CancelBtn />
          <OkBtn />
        </>
      )}
    >
      <Form form={form} layout="vertical" onFinish={submit} data-testid="touchpoint-form">
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item name="code" label={t('core:common.code')} rules={[{ required: true, max: 64 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="name" label={t('core:common.name')} rules={[{ required: true, max: 200 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="nameEn" label={t('core:common.nameEn')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="channel" label={t('channelLabel')} rules={[{ required: true }]}>
              <Select
                options={(['physical', 'digital', 'interpersonal'] as const).map((c) => ({
                  value: c,
                  label: t(`channel.${c}`),
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="stageId" label={t('stage')}>
              <Select
                allowClear
                options={journey.stages.map((s) => ({ value: s.id, label: s.name }))}
                placeholder={t('noStage')}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="ownerTeamId" label={t('owner')}>
              <Select allowClear options={(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="primaryMetric" label={t('primaryMetric')}>
              <Select options={['csat', 'nps', 'ces'].map((m) => ({ value: m, label: m.toUpperCase() }))} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="target" label={t('target')}>
              <InputNumber min={-100} max={100} step={0.5} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="description" label={t('description')}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </Col>
          {RACI.map((r) => (
            <Col xs={24} sm={12} key={r}>
              <Form.Item name={['raci', r]} label={t(`raci.${r}`)}>
                <Select
                  mode="multiple"
                  optionFilterProp="label"
                  options={parties}
                  maxCount={r === 'accountable' ? 1 : undefined}
                />
              </Form.Item>
            </Col>
          ))}
          <Col xs={24}>
            <Form.Item name={['links', 'surveys']} label={t('linkSurveys')}>
              <Select
                mode="multiple"
                optionFilterProp="label"
                options={(surveys.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name={['links', 'metrics']} label={t('linkMetrics')}>
              <Select mode="tags" options={METRIC_SUGGESTIONS.map((m) => ({ value: m, label: m }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name={['links', 'eventTypes']} label={t('linkEvents')}>
              <Select mode="tags" options={EVENT_SUGGESTIONS.map((m) => ({ value: m, label: m }))} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
