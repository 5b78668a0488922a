import { InboxOutlined } from '@ant-design/icons';
import { isReasonCode, reasonText, type TImportPreview, type TResponseImport } from '@loopcx/shared';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Descriptions,
  Drawer,
  Grid,
  Progress,
  Result,
  Select,
  Space,
  Steps,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { type CSSProperties, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ResponsiveList } from '../../components/ListPage.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { useSurveys } from '../surveys/api.ts';
import { loadPreview, rejectsUrl, saveMapping, startImport, uploadFile, useImport, useImports } from './api.ts';

const FIXED_TARGETS = ['ignore', 'submittedAt', 'unitCode', 'customer', 'externalId'] as const;
const ENCODINGS = ['auto', 'utf-8', 'utf-8-bom', 'gb18030'] as const;

/**
 * The import wizard: upload → mapping → preview → progress → result (with the reject report). Opened from the
 * responses page; works at phone width (one column, tables scroll sideways).
 */
export function ImportWizard({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation('imports');
  const { message } = App.useApp();
  const phone = !Grid.useBreakpoint().md;
  const surveys = useSurveys();
  const [surveyId, setSurveyId] = useState<string>();
  const [encoding, setEncoding] = useState<(typeof ENCODINGS)[number]>('auto');
  const [step, setStep] = useState(0);
  const [busy, setBusy] = useState(false);
  const [imp, setImp] = useState<TResponseImport>();
  const [columns, setColumns] = useState<string[]>([]);
  const [defaultUnit, setDefaultUnit] = useState<string | null>(null);
  const [keyRow, setKeyRow] = useState(false);
  const [preview, setPreview] = useState<TImportPreview>();
  const running = useImport(step >= 3 ? surveyId : undefined, step >= 3 ? imp?.id : undefined);
  const history = useImports(step === 0 ? surveyId : undefined);
  const zh = i18n.language.startsWith('zh');

  useEffect(() => {
    if (step === 3 && running.data && ['done', 'failed'].includes(running.data.status)) setStep(4);
  }, [step, running.data]);

  const reset = () => {
    setStep(0);
    setImp(undefined);
    setPreview(undefined);
    setColumns([]);
    setDefaultUnit(null);
  };
  const fail = (err: unknown) => message.error((err as Error).message);

  const upload = async (file: File) => {
    if (!surveyId) return;
    setBusy(true);
    try {
      const up = await uploadFile(surveyId, file, encoding === 'auto' ? undefined : encoding);
      setImp(up);
      setColumns(up.mapping?.columns ?? up.headers.map(() => 'ignore'));
      setKeyRow(up.keyRow);
      setPreview(await loadPreview(surveyId, up.id));
      setStep(1);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const toPreview = async () => {
    if (!surveyId || !imp) return;
    setBusy(true);
    try {
      setPreview(
        await saveMapping(surveyId, imp.id, {
          columns,
          defaultOrgUnitId: defaultUnit,
          keyRow,
          ...(encoding === 'auto' ? {} : { encoding }),
        }),
      );
      setStep(2);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const start = async () => {
    if (!surveyId || !imp) return;
    setBusy(true);
    try {
      await startImport(surveyId, imp.id);
      setStep(3);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const targetOptions = [
    ...FIXED_TARGETS.map((v) => ({ value: v, label: t(`targets.${v}`) })),
    ...(preview?.questions ?? []).map((q) => ({
      value: q.target,
      label: `${zh ? q.titleZh : q.titleEn} [${q.target.slice(2)}]`,
    })),
  ];
  /** The question (or fixed field) column `i` of the file goes to. */
  const targetPicker = (i: number, style: CSSProperties) => (
    <Select
      style={style}
      showSearch
      optionFilterProp="label"
      value={columns[i]}
      onChange={(v) => setColumns((c) => c.map((x, j) => (j === i ? v : x)))}
      options={targetOptions}
      aria-label={`${t('target')} ${imp?.headers[i] ?? ''}`}
    />
  );
  const sampleOf = (i: number) => preview?.rows.find((r) => r.cells[i])?.cells[i] ?? '';
  const final = running.data ?? imp;

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('title')}
      width={phone ? '100%' : 860}
      destroyOnHidden
      data-testid="import-wizard"
    >
      <Steps
        size="small"
        current={step}
        direction={phone ? 'vertical' : 'horizontal'}
        style={{ marginBottom: 16 }}
        items={(['upload', 'mapping', 'preview', 'progress', 'result'] as const).map((k) => ({
          title: t(`steps.${k}`),
        }))}
      />
      {step === 0 && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Select
            data-testid="import-survey"
            style={{ width: '100%' }}
            placeholder={t('pickSurvey')}
            value={surveyId}
            onChange={setSurveyId}
            showSearch
            optionFilterProp="label"
            options={(surveys.data ?? [])
              .filter((s) => s.status !== 'draft' && s.status !== 'archived')
              .map((s) => ({ value: s.id, label: s.name }))}
          />
          <Space wrap>
            <span>{t('encoding')}</span>
            <Select
              style={{ width: 180 }}
              value={encoding}
              onChange={setEncoding}
              options={ENCODINGS.map((e) => ({ value: e, label: t(`encodings.${e}`) }))}
            />
          </Space>
          <Upload.Dragger
            accept=".csv,.txt,.xlsx"
            disabled={!surveyId || busy}
            showUploadList={false}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{busy ? t('uploading') : t('drop')}</p>
            <p className="ant-upload-hint">{t('dropHint')}</p>
          </Upload.Dragger>
          {surveyId && (
            <>
              <Typography.Title level={5}>{t('history')}</Typography.Title>
              <Table
                size="small"
                rowKey="id"
                data-testid="import-history"
                loading={history.isLoading}
                dataSource={history.data ?? []}
                pagination={false}
                scroll={{ x: 560 }}
                locale={{ emptyText: t('noHistory') }}
                columns={[
                  { title: t('file'), dataIndex: 'fileName', ellipsis: true },
                  {
                    title: t('core:common.status'),
                    dataIndex: 'status',
                    render: (s: string) => (
                      <Tag color={s === 'done' ? 'green' : s === 'failed' ? 'red' : 'blue'}>
                        {t(`status.${s}`, { defaultValue: s })}
                      </Tag>
                    ),
                  },
                  { title: t('imported'), dataIndex: 'importedRows' },
                  { title: t('duplicates'), dataIndex: 'duplicateRows' },
                  {
                    title: t('rejected'),
                    render: (_: unknown, r: TResponseImport) =>
                      r.rejectedRows ? <a href={rejectsUrl(r.surveyId, r.id)}>{r.rejectedRows}</a> : 0,
                  },
                ]}
              />
            </>
          )}
        </Space>
      )}
      {step === 1 && imp && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            {imp.fileName} · {imp.format.toUpperCase()}
            {imp.encoding ? ` · ${t(`encodings.${imp.encoding}`, { defaultValue: imp.encoding })}` : ''}
          </Typography.Text>
          <div data-testid="import-mapping">
            <ResponsiveList
              query={{ isLoading: false, data: imp.headers.map((h, id) => ({ id, h })) }}
              empty={t('noColumns')}
              cardTestId="mapping-card"
              card={(r) => (
                <Space direction="vertical" size={4} style={{ width: '100%' }}>
                  <Typography.Text strong>{r.h}</Typography.Text>
                  <Typography.Text type="secondary" ellipsis>
                    {t('sample')}: {sampleOf(r.id)}
                  </Typography.Text>
                  {targetPicker(r.id, { width: '100%' })}
                </Space>
              )}
              table={{ size: 'small', pagination: false, scroll: { x: 560 } }}
              columns={[
                { title: t('column'), dataIndex: 'h', width: 160, ellipsis: true },
                {
                  title: t('sample'),
                  render: (_: unknown, r) => (
                    <Typography.Text type="secondary" ellipsis style={{ maxWidth: 160 }}>
                      {sampleOf(r.id)}
                    </Typography.Text>
                  ),
                },
                { title: t('target'), width: 260, render: (_: unknown, r) => targetPicker(r.id, { width: 240 }) },
              ]}
            />
          </div>
          <Space wrap>
            <span>{t('defaultUnit')}</span>
            <UnitPicker
              style={{ width: 240 }}
              value={defaultUnit ?? undefined}
              onChange={(v) => setDefaultUnit(v ?? null)}
            />
            <Typography.Text type="secondary">{t('defaultUnitHelp')}</Typography.Text>
          </Space>
          <Checkbox checked={keyRow} onChange={(e) => setKeyRow(e.target.checked)}>
            {t('keyRow')}
          </Checkbox>
          <Space>
            <Button onClick={reset}>{t('back')}</Button>
            <Button type="primary" loading={busy} onClick={toPreview} data-testid="import-to-preview">
              {t('toPreview')}
            </Button>
          </Space>
        </Space>
      )}
      {step === 2 && preview && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('previewHelp')}</Typography.Text>
          <Table
            size="small"
            rowKey="row"
            data-testid="import-preview"
            pagination={false}
            scroll={{ x: 640 }}
            dataSource={preview.rows}
            columns={[
              { title: t('row'), dataIndex: 'row', width: 56 },
              {
                title: t('problems'),
                width: 260,
                render: (_: unknown, r: TImportPreview['rows'][number]) =>
                  r.problems.length ? (
                    <Space direction="vertical" size={0}>
                      {r.problems.map((p) => (
                        <Typography.Text key={`${p.column}-${p.reason}`} type="danger">
                          {p.columnName ? `${p.columnName}: ` : ''}
                          {isReasonCode(p.code)
                            ? reasonText({ code: p.code, params: p.params }, i18n.language)
                            : p.reason}
                        </Typography.Text>
                      ))}
                    </Space>
                  ) : (
                    <Tag color="green">{t('ok')}</Tag>
                  ),
              },
              ...imp!.headers.map((h, i) => ({
                title: h,
                key: `c${i}`,
                ellipsis: true,
                width: 120,
                render: (_: unknown, r: TImportPreview['rows'][number]) => r.cells[i],
              })),
            ]}
          />
          <Space>
            <Button onClick={() => setStep(1)}>{t('back')}</Button>
            <Button type="primary" loading={busy} onClick={start} data-testid="import-start">
              {t('start')}
            </Button>
          </Space>
        </Space>
      )}
      {step === 3 && (
        <Space direction="vertical" style={{ width: '100%' }} data-testid="import-progress">
          <Progress percent={running.data?.progress ?? 0} status="active" />
          <Typography.Text>
            {t('processed')}: {running.data?.processedRows ?? 0}
          </Typography.Text>
          <Typography.Text type="secondary">{t('progressHelp')}</Typography.Text>
        </Space>
      )}
      {step === 4 && final && surveyId && (
        <Result
          status={final.status === 'done' ? 'success' : 'error'}
          title={final.status === 'done' ? t('done') : t('failed')}
          subTitle={final.error ?? undefined}
          extra={
            <Space direction="vertical" style={{ width: '100%' }} data-testid="import-result">
              <Descriptions column={1} size="small" bordered>
                <Descriptions.Item label={t('imported')}>{final.importedRows}</Descriptions.Item>
                <Descriptions.Item label={t('duplicates')}>{final.duplicateRows}</Descriptions.Item>
                <Descriptions.Item label={t('rejected')}>{final.rejectedRows}</Descriptions.Item>
              </Descriptions>
              {final.rejectedRows > 0 && (
                <Alert
                  type="warning"
                  message={
                    <a href={rejectsUrl(surveyId, final.id)} data-testid="import-rejects">
                      {t('rejects')}
                    </a>
                  }
                />
              )}
              <Button onClick={reset}>{t('again')}</Button>
            </Space>
          }
        />
      )}
    </Drawer>
  );
}
