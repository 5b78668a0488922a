import { Alert, App, Button, Card, Col, Form, Input, Row, Select, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useMe } from '../../lib/me.tsx';
import { useTouchpoints } from '../journeys/api.ts';
import { usePublishSurvey, useSaveSurvey, useSurvey } from './api.ts';
import { Builder } from './Builder.tsx';
import { BindingsEditor } from './builder/BindingsEditor.tsx';
import { Distribution } from './Distribution.tsx';
import { Preview } from './Preview.tsx';
import { describeProblems } from './problems.ts';

/** Survey editor: definition JSON with inline errors (local parse errors and the server's checks), bindings, touchpoint, phone preview, distribution. */
export function SurveyEditor() {
  const { id } = useParams();
  const { t, i18n } = useTranslation('surveys');
  const me = useMe();
  const { message } = App.useApp();
  const survey = useSurvey(id);
  const touchpoints = useTouchpoints();
  const [text, setText] = useState('');
  const [bindings, setBindings] = useState('');
  const [name, setName] = useState('');
  const [touchpointId, setTouchpointId] = useState<string | null>(null);
  const [serverErrors, setServerErrors] = useState<string[]>([]);
  useEffect(() => {
    if (!survey.data) return;
    setText(JSON.stringify(survey.data.definition, null, 2));
    setBindings(JSON.stringify(survey.data.bindings, null, 2));
    setName(survey.data.name);
    setTouchpointId(survey.data.touchpointId);
  }, [survey.data]);

  const parsed = useMemo(() => {
    try {
      return { def: JSON.parse(text) as Record<string, unknown>, error: null };
    } catch (e) {
      const m = /position (\d+)/.exec(String((e as Error).message));
      const pos = m ? Number(m[1]) : -1;
      const line = pos >= 0 ? text.slice(0, pos).split('\n').length : undefined;
      return { def: null, error: `${t('jsonError')}${line ? ` (line ${line})` : ''}: ${(e as Error).message}` };
    }
  }, [text, t]);
  const parsedBindings = useMemo(() => {
    try {
      return JSON.parse(bindings || '{}');
    } catch {
      return null;
    }
  }, [bindings]);

  const save = useSaveSurvey(id, {
    onSuccess: () => {
      setServerErrors([]);
      message.success(t('saved'));
    },
    onError: (err) => setServerErrors(describeProblems(err, t)),
  });
  const draft = () => ({ name, definition: parsed.def, bindings: parsedBindings, touchpointId });
  const publish = usePublishSurvey(id, {
    onSuccess: (r) => {
      setServerErrors([]);
      message.success(t('publishedAs', { v: r.version }));
    },
    onError: (err) => setServerErrors(describeProblems(err, t)),
  });
  /** Keeps metric bindings in step with the builder: a new NPS/CSAT/CES question binds itself if none is bound. */
  const editBindings = (fn: (b: Record<string, any>) => Record<string, any>) => {
    if (parsedBindings) setBindings(JSON.stringify(fn(parsedBindings), null, 2));
  };
  const onAdded = (kind: string, key: string) =>
    editBindings((b) => (['nps', 'csat', 'ces'].includes(kind) && !b[kind] ? { ...b, [kind]: key } : b));
  const onRenamed = (from: string, to: string) =>
    editBindings((b) => {
      const swap = (v: unknown) => (v === from ? to : v);
      const next: Record<string, any> = {};
      for (const [k, v] of Object.entries(b))
        next[k] = Array.isArray(v)
          ? v.map(swap)
          : v && typeof v === 'object' && 'question' in v
            ? { ...v, question: swap(v.question) }
            : swap(v);
      return next;
    });

  if (survey.isLoading || !survey.data) return <Spin />;
  const canWrite = me.can('surveys.write') && survey.data.status !== 'archived';
  return (
    <div>
      <Space style={{ marginBottom: 12, flexWrap: 'wrap' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {survey.data.name}
        </Typography.Title>
        <Tag>{t(`status.${survey.data.status}`)}</Tag>
        {survey.data.currentVersion && <Tag color="blue">v{survey.data.currentVersion}</Tag>}
      </Space>
      <Tabs
        items={[
          {
            key: 'edit',
            label: t('edit'),
            children: (
              <Row gutter={[16, 16]}>
                <Col xs={24} lg={14}>
                  <Form layout="vertical">
                    <Form.Item label={t('name')} required>
                      <Input value={name} onChange={(e) => setName(e.target.value)} disabled={!canWrite} />
                    </Form.Item>
                    <Form.Item label={t('touchpoint')}>
                      <Select
                        allowClear
                        value={touchpointId ?? undefined}
                        onChange={(v) => setTouchpointId(v ?? null)}
                        disabled={!canWrite}
                        options={(touchpoints.data ?? []).map((tp) => ({
                          value: tp.id,
                          label: i18n.language === 'en' && tp.nameEn ? tp.nameEn : tp.name,
                        }))}
                        placeholder={t('noTouchpoint')}
                      />
                    </Form.Item>
                    <Form.Item label={t('bindings')} style={{ marginBottom: 8 }}>
                      <BindingsEditor
                        definition={parsed.def}
                        value={bindings}
                        onChange={setBindings}
                        disabled={!canWrite}
                      />
                    </Form.Item>
                    <Tabs
                      size="small"
                      items={[
                        {
                          key: 'builder',
                          label: t('builder'),
                          children: parsed.def ? (
                            <Builder
                              definition={parsed.def}
                              disabled={!canWrite}
                              onChange={(d) => setText(JSON.stringify(d, null, 2))}
                              onAdded={onAdded}
                              onRenamed={onRenamed}
                            />
                          ) : (
                            <Alert type="warning" message={parsed.error} />
                          ),
                        },
                        {
                          key: 'json',
                          label: 'JSON',
                          children: (
                            <Form.Item validateStatus={parsed.error ? 'error' : undefined} help={parsed.error}>
                              <Input.TextArea
                                rows={22}
                                value={text}
                                onChange={(e) => setText(e.target.value)}
                                style={{ fontFamily: 'monospace', fontSize: 12 }}
                                spellCheck={false}
                                disabled={!canWrite}
                                data-testid="definition"
                              />
                            </Form.Item>
                          ),
                        },
                      ]}
                    />
                  </Form>
                  {serverErrors.length > 0 && (
                    <Alert
                      type="error"
                      showIcon
                      message={
                        <ul style={{ margin: 0, paddingLeft: 18 }}>
                          {serverErrors.map((e) => (
                            <li key={e}>{e}</li>
                          ))}
                        </ul>
                      }
                      style={{ marginBottom: 12 }}
                    />
                  )}
                  {canWrite && (
                    <Space>
                      <Button
                        onClick={() => save.mutate(draft())}
                        loading={save.isPending}
                        disabled={!parsed.def || !parsedBindings}
                      >
                        {t('save')}
                      </Button>
                      <Button
                        type="primary"
                        onClick={() => publish.mutate(() => save.mutateAsync(draft()))}
                        loading={publish.isPending}
                        disabled={!parsed.def || !parsedBindings || survey.data.status === 'closed'}
                      >
                        {t('publish')}
                      </Button>
                    </Space>
                  )}
                </Col>
                <Col xs={24} lg={10}>
                  <Card title={t('preview')} size="small" styles={{ body: { padding: 0 } }}>
                    <div
                      style={{
                        width: 390,
                        maxWidth: '100%',
                        height: 700,
                        overflow: 'hidden',
                        margin: '0 auto',
                        border: '8px solid #1f2329',
                        borderRadius: 24,
                      }}
                    >
                      {parsed.def ? (
                        <Preview definition={parsed.def} locale={i18n.language === 'en' ? 'en' : 'zh-cn'} name={name} />
                      ) : (
                        <Alert type="warning" message={parsed.error} />
                      )}
                    </div>
                  </Card>
                </Col>
              </Row>
            ),
          },
          {
            key: 'links',
            label: t('links'),
            children: <Distribution surveyId={survey.data.id} live={survey.data.status === 'live'} />,
          },
        ]}
      />
    </div>
  );
}
