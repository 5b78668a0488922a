import { Alert, App, Button, Card, Col, DatePicker, Form, Input, Row, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formErrors } from '../../lib/api.ts';
import { useOrgUnits, useUnitLabel } from '../../lib/org.ts';
import { useTouchpoints } from '../journeys/api.ts';
import { useCreatePersonalLink, useSurveyLink, useUnitLinks } from './api.ts';
import { ContactPolicyCard } from './ContactPolicyCard.tsx';
import { WechatRuleCard } from './WechatRuleCard.tsx';

/** Links and QR codes: anonymous, per store × touchpoint (PNG/SVG for table tents), and personalised signed links. */
export function Distribution({ surveyId, live }: { surveyId: string; live: boolean }) {
  const { t, i18n } = useTranslation('surveys');
  const unitLabel = useUnitLabel();
  const { message } = App.useApp();
  const [touchpointId, setTouchpointId] = useState<string>();
  const [form] = Form.useForm();
  const [personal, setPersonal] = useState<{ url: string }>();
  const anon = useSurveyLink(surveyId);
  const touchpoints = useTouchpoints();
  const stores = useUnitLinks(surveyId, touchpointId);
  const units = useOrgUnits();
  const generate = useCreatePersonalLink(surveyId, touchpointId, {
    onSuccess: setPersonal,
    onError: (err) => {
      form.setFields(formErrors(err));
      message.error(err.message);
    },
  });
  const qr = (unitId?: string, format = 'png') =>
    `/api/v1/surveys/${surveyId}/qr?format=${format}${unitId ? `&orgUnitId=${unitId}` : ''}${touchpointId ? `&touchpointId=${touchpointId}` : ''}`;
  return (
    <div>
      {anon.data?.publicUrlLocal && (
        <Alert
          type="warning"
          showIcon
          data-testid="public-url-warning"
          message={t('localUrl.title', { url: new URL(anon.data.url).origin })}
          description={t('localUrl.detail')}
          style={{ marginBottom: 12 }}
        />
      )}
      {!live && <Alert type="info" showIcon message={t('previewHint')} style={{ marginBottom: 12 }} />}
      <Space style={{ marginBottom: 12 }}>
        {t('touchpoint')}:
        <Select
          allowClear
          style={{ width: 220 }}
          value={touchpointId}
          onChange={setTouchpointId}
          options={(touchpoints.data ?? []).map((tp) => ({
            value: tp.id,
            label: i18n.language === 'en' && tp.nameEn ? tp.nameEn : tp.name,
          }))}
        />
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          <Card title={t('anonymous')} size="small">
            <img src={qr()} alt="QR" width={180} height={180} />
            <Typography.Paragraph copyable={{ text: anon.data?.url }} ellipsis style={{ marginTop: 8 }}>
              {anon.data?.url}
            </Typography.Paragraph>
          </Card>
          <Card title={t('personal')} size="small" style={{ marginTop: 16 }}>
            <Form form={form} layout="vertical" onFinish={(v) => generate.mutate(v)}>
              <Form.Item name="customer" label={t('customer')}>
                <Input placeholder="M-10001" />
              </Form.Item>
              <Form.Item name="orgUnitId" label={t('unit')}>
                <Select
                  allowClear
                  showSearch
                  optionFilterProp="label"
                  options={(units.data ?? [])
                    .filter((u) => u.kind === 'store')
                    .map((u) => ({ value: u.id, label: `${u.name} (${u.code})` }))}
                />
              </Form.Item>
              <Form.Item
                name="context"
                label={t('context')}
                rules={[
                  {
                    validator: async (_, v) => {
                      if (v) JSON.parse(v);
                    },
                    message: t('jsonError'),
                  },
                ]}
              >
                <Input.TextArea
                  rows={3}
                  placeholder='{"categories":["fresh","dairy"],"orderId":"O-1001"}'
                  style={{ fontFamily: 'monospace' }}
                />
              </Form.Item>
              <Form.Item name="expiresAt" label={t('expires')}>
                <DatePicker showTime style={{ width: '100%' }} />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={generate.isPending}>
                {t('generate')}
              </Button>
            </Form>
            {personal && (
              <Typography.Paragraph copyable style={{ marginTop: 12, wordBreak: 'break-all' }}>
                {personal.url}
              </Typography.Paragraph>
            )}
          </Card>
          <WechatRuleCard surveyId={surveyId} />
          <ContactPolicyCard surveyId={surveyId} />
        </Col>
        <Col xs={24} md={16}>
          <Card title={t('storeLinks')} size="small">
            <Table
              rowKey={(r) => r.orgUnit.id}
              size="small"
              loading={stores.isLoading}
              dataSource={stores.data}
              pagination={{ pageSize: 12 }}
              columns={[
                { title: t('unit'), render: (_, r) => `${unitLabel(r.orgUnit)} (${r.orgUnit.code})` },
                {
                  title: 'QR',
                  render: (_, r) => (
                    <img src={qr(r.orgUnit.id)} alt={r.orgUnit.code} width={64} height={64} loading="lazy" />
                  ),
                },
                {
                  title: t('core:common.actions'),
                  render: (_, r) => (
                    <Space>
                      <a href={qr(r.orgUnit.id, 'png')} download={`${r.orgUnit.code}.png`}>
                        {t('png')}
                      </a>
                      <a href={qr(r.orgUnit.id, 'svg')} download={`${r.orgUnit.code}.svg`}>
                        {t('svg')}
                      </a>
                      <Typography.Text copyable={{ text: r.url }} />
                    </Space>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
