import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Modal, Select, Space, Statistic, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../../lib/api.ts';

interface Report {
  questions: number;
  mapped: number;
  unmapped: Array<{ source: string; reason: string }>;
  notes: Array<{ source: string; reason: string }>;
}

/** Import a Qualtrics, LimeSurvey or SurveyJS file: convert and report first (dry run), then create the draft. */
export function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('surveys');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [format, setFormat] = useState<'qsf' | 'lss' | 'surveyjs'>('qsf');
  const [content, setContent] = useState('');
  const [fileName, setFileName] = useState('');
  const [report, setReport] = useState<Report>();
  const [busy, setBusy] = useState(false);
  const run = async (dryRun: boolean) => {
    setBusy(true);
    try {
      const res = await api<{ surveyId?: string; report: Report }>(`surveys/import?dryRun=${dryRun}`, {
        body: { format, content },
      });
      setReport(res.report);
      if (!dryRun && res.surveyId) {
        void queryClient.invalidateQueries({ queryKey: ['surveys'] });
        onClose();
        navigate(`/surveys/${res.surveyId}`);
      }
    } catch (err) {
      message.error((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const rows = [
    ...(report?.unmapped ?? []).map((u) => ({ ...u, kind: t('notImported') })),
    ...(report?.notes ?? []).map((n) => ({ ...n, kind: t('note') })),
  ];
  return (
    <Modal open={open} onCancel={onClose} title={t('import')} footer={null} width={760} destroyOnHidden>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          value={format}
          onChange={(v) => {
            setFormat(v);
            setReport(undefined);
          }}
          style={{ width: 220 }}
          options={[
            { value: 'qsf', label: 'Qualtrics (.qsf)' },
            { value: 'lss', label: 'LimeSurvey (.lss)' },
            { value: 'surveyjs', label: 'SurveyJS (.json)' },
          ]}
        />
        <Upload
          accept=".qsf,.lss,.json,.xml"
          showUploadList={false}
          beforeUpload={async (file) => {
            setContent(await file.text());
            setFileName(file.name);
            setReport(undefined);
            return false;
          }}
        >
          <Button>{t('chooseFile')}</Button>
        </Upload>
        <Typography.Text type="secondary">{fileName}</Typography.Text>
      </Space>
      <Space style={{ marginBottom: 12 }}>
        <Button onClick={() => run(true)} loading={busy} disabled={!content}>
          {t('check')}
        </Button>
        <Button type="primary" onClick={() => run(false)} loading={busy} disabled={!report || report.mapped === 0}>
          {t('doImport')}
        </Button>
      </Space>
      {report && (
        <>
          <Space size="large" style={{ marginBottom: 12 }}>
            <Statistic title={t('questions')} value={report.questions} />
            <Statistic title={t('mapped')} value={report.mapped} />
            <Statistic
              title={t('notImported')}
              value={report.unmapped.length}
              valueStyle={{ color: report.unmapped.length ? '#cf1322' : undefined }}
            />
          </Space>
          {rows.length === 0 ? (
            <Alert type="success" showIcon message={t('allMapped')} />
          ) : (
            <Table
              size="small"
              rowKey={(r) => `${r.kind}-${r.source}-${r.reason}`}
              dataSource={rows}
              pagination={{ pageSize: 8 }}
              columns={[
                { title: '', dataIndex: 'kind', width: 90 },
                { title: t('source'), dataIndex: 'source', width: 200 },
                { title: t('reason'), dataIndex: 'reason' },
              ]}
            />
          )}
        </>
      )}
    </Modal>
  );
}
