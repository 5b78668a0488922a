import type { TFeedbackImportResponse } from '@loopcx/shared';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ImportDialog, ImportReport } from '../../components/ImportDialog.tsx';
import { api } from '../../lib/api.ts';
import { useInvalidate } from '../../lib/query.ts';
import { feedbackKeys } from './api.ts';

/** POST /feedback/import answers the shared contract. */
type Report = TFeedbackImportResponse;

const SAMPLE =
  '来源,渠道,作者,内容,评分,门店,时间,编号\n点评,大众点评,吃货小王,外卖汤洒了，包装太差,1,SH-01,2026-11-20 12:30,dp-001';

/** CSV import: choose or paste, dry run first (nothing stored), then import; each bad row is listed, good rows kept. */
export function ImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('feedback');
  const invalidate = useInvalidate();
  return (
    <ImportDialog<Report>
      open={open}
      onClose={onClose}
      title={t('import')}
      help={
        <>
          <Typography.Paragraph type="secondary">{t('importHelp')}</Typography.Paragraph>
          <Typography.Paragraph>
            <pre style={{ fontSize: 12, whiteSpace: 'pre-wrap', margin: 0 }}>{SAMPLE}</pre>
          </Typography.Paragraph>
        </>
      }
      source={{ kind: 'paste', accept: '.csv,text/csv', placeholder: t('paste'), testId: 'feedback-csv' }}
      labels={{ choose: t('chooseFile'), dryRun: t('dryRun'), apply: t('apply') }}
      submit={(input, dryRun) => api<Report>('feedback/import', { body: { csv: input.content, dryRun } })}
      canApply={(report) => !!report?.dryRun}
      onApplied={() => invalidate(feedbackKeys.all)}
      renderReport={(report) => (
        <ImportReport
          alert={{
            type: report.errors.length ? 'warning' : 'success',
            message: report.dryRun ? t('dryRunDone') : t('importDone'),
          }}
          stats={[
            { title: t('rows'), value: report.rows },
            { title: report.dryRun ? t('wouldImport') : t('imported'), value: report.imported },
            { title: t('duplicates'), value: report.duplicates },
            { title: t('errors'), value: report.errors.length, danger: true },
          ]}
          rows={report.errors}
          rowKey={(e) => `${e.row}-${e.field}`}
          columns={[
            { title: t('row'), dataIndex: 'row', width: 70 },
            { title: t('field'), dataIndex: 'field', width: 120 },
            { title: t('reason'), dataIndex: 'reason' },
          ]}
        />
      )}
    />
  );
}
