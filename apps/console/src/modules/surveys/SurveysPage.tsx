import { App, Button, Card, Col, Dropdown, Modal, Row, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useMe } from '../../lib/me.tsx';
import { type SurveyRow, useCreateSurvey, useSurveyAction, useSurveys, useSurveyTemplates } from './api.ts';
import { blankSurvey } from './builder/question-types.ts';
import { ImportDialog } from './ImportDialog.tsx';

const COLOURS: Record<string, string> = {
  draft: 'default',
  live: 'green',
  paused: 'orange',
  closed: 'red',
  archived: 'default',
};

export function SurveysPage() {
  const { t, i18n } = useTranslation('surveys');
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [picking, setPicking] = useState(false);
  const [importing, setImporting] = useState(false);
  const surveys = useSurveys();
  const templates = useSurveyTemplates(picking);
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const act = useSurveyAction({ onError: (err) => message.error(err.message) });
  const create = useCreateSurvey({
    onSuccess: (s) => navigate(`/surveys/${s.id}`),
    onError: (err) => message.error(err.message),
  });
  const canWrite = me.can('surveys.write');
  const actions = (s: SurveyRow) =>
    ({
      draft: ['publish', 'archive'],
      live: ['pause', 'close'],
      paused: ['resume', 'close'],
      closed: ['archive'],
      archived: [],
    })[s.status as 'draft'] ?? [];

  return (
    <div>
      <Space style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        {canWrite && (
          <Button type="primary" onClick={() => setPicking(true)} data-testid="new-survey">
            {t('fromTemplate')}
          </Button>
        )}
        {canWrite && <Button onClick={() => setImporting(true)}>{t('import')}</Button>}
      </Space>
      <Table
        rowKey="id"
        loading={surveys.isLoading}
        dataSource={surveys.data}
        scroll={{ x: 800 }}
        onRow={(s) => ({ onDoubleClick: () => navigate(`/surveys/${s.id}`) })}
        columns={[
          {
            title: t('name'),
            dataIndex: 'name',
            render: (n: string, s) => <a onClick={() => navigate(`/surveys/${s.id}`)}>{n}</a>,
          },
          {
            title: t('core:common.status'),
            dataIndex: 'status',
            render: (st: string) => <Tag color={COLOURS[st]}>{t(`status.${st}`)}</Tag>,
          },
          { title: t('version'), dataIndex: 'currentVersion', render: (v: number | null) => v ?? '—' },
          { title: t('responses'), dataIndex: 'responses', align: 'right' },
          { title: t('updated'), dataIndex: 'updatedAt', render: (d: string) => new Date(d).toLocaleString() },
          ...(canWrite
            ? [
                {
                  title: t('core:common.actions'),
                  render: (_: unknown, s: SurveyRow) => (
                    <Space wrap>
                      {actions(s).map((a) => (
                        <Button
                          key={a}
                          size="small"
                          onClick={() => act.mutate({ id: s.id, action: a })}
                          data-testid={`${a}-${s.id}`}
                        >
                          {t(a)}
                        </Button>
                      ))}
                      <Dropdown
                        menu={{
                          items: [{ key: 'duplicate', label: t('duplicate') }],
                          onClick: () => act.mutate({ id: s.id, action: 'duplicate' }),
                        }}
                      >
                        <Button size="small">…</Button>
                      </Dropdown>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <ImportDialog open={importing} onClose={() => setImporting(false)} />
      <Modal open={picking} onCancel={() => setPicking(false)} title={t('fromTemplate')} footer={null} width={760}>
        <Row gutter={[12, 12]}>
          <Col xs={24} sm={12}>
            <Card
              hoverable
              onClick={() => create.mutate(blankSurvey(t('blankName')))}
              data-testid="template-blank"
              size="small"
              title={t('blank')}
            >
              <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
                {t('blankHint')}
              </Typography.Paragraph>
            </Card>
          </Col>
          {(templates.data ?? []).map((tpl) => (
            <Col xs={24} sm={12} key={tpl.id}>
              <Card
                hoverable
                onClick={() => create.mutate({ templateId: tpl.id })}
                data-testid={`template-${tpl.id}`}
                size="small"
                title={tpl.name[lang]}
              >
                <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
                  {tpl.description[lang]}
                </Typography.Paragraph>
                <Typography.Text>
                  {t('questions')}: {tpl.questions}
                </Typography.Text>
              </Card>
            </Col>
          ))}
        </Row>
      </Modal>
    </div>
  );
}
