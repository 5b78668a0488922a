import type { TSurveyImportPreviewResponse, TSurveyImportResponse } from '@loopcx/shared';
import { Alert, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ImportReport, ImportDialog as SharedImportDialog } from '../../components/ImportDialog.tsx';
import { api } from '../../lib/api.ts';
import { useInvalidate } from '../../lib/query.ts';
import { surveyKeys } from './api.ts';

/** The dry run answers the converted definition and its report; the real import adds the draft's id. */
type Answer = TSurveyImportPreviewResponse & Partial<Pick<TSurveyImportResponse, 'surveyId'>>;

/** Import a Qualtrics, LimeSurvey or SurveyJS file: convert and report first (dry run), then create the draft. */
export function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('surveys');
  const navigate = useNavigate();
  const invalidate = useInvalidate();
  const [format, setFormat] = useState<'qsf' | 'lss' | 'surveyjs'>('qsf');
  return (
    <SharedImportDialog<Answer>
      open={open}
      onClose={onClose}
      title={t('import')}
      source={{ kind: 'file', accept: '.qsf,.lss,.json,.xml', fileName: 'secondary' }}
      toolbar={(reset) => (
        <Select
          value={format}
          onChange={(v) => {
            setFormat(v);
            reset();
          }}
          style={{ width: 220 }}
          options={[
            { value: 'qsf', label: 'Qualtrics (.qsf)' },
            { value: 'lss', label: 'LimeSurvey (.lss)' },
            { value: 'surveyjs', label: 'SurveyJS (.json)' },
          ]}
        />
      )}
      labels={{ choose: t('chooseFile'), dryRun: t('check'), apply: t('doImport') }}
      submit={(input, dryRun) =>
        api<Answer>(`surveys/import?dryRun=${dryRun}`, { body: { format, content: input.content } })
      }
      canApply={(answer) => !!answer && answer.report.mapped > 0}
      onApplied={(answer, close) => {
        if (!answer.surveyId) return;
        invalidate(surveyKeys.all);
        close();
        navigate(`/surveys/${answer.surveyId}`);
      }}
      renderReport={({ report }) => (
        <ImportReport
          stats={[
            { title: t('questions'), value: report.questions },
            { title: t('mapped'), value: report.mapped },
            { title: t('notImported'), value: report.unmapped.length, danger: true },
          ]}
          rows={[
            ...report.unmapped.map((u) => ({ ...u, kind: t('notImported') })),
            ...report.notes.map((n) => ({ ...n, kind: t('note') })),
          ]}
          rowKey={(r) => `${r.kind}-${r.source}-${r.reason}`}
          pageSize={8}
          empty={<Alert type="success" showIcon message={t('allMapped')} />}
          columns={[
            { title: '', dataIndex: 'kind', width: 90 },
            { title: t('source'), dataIndex: 'source', width: 200 },
            { title: t('reason'), dataIndex: 'reason' },
          ]}
        />
      )}
    />
  );
}
