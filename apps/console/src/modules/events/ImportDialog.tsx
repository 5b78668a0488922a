import type { TEventImportResponse } from '@loopcx/shared';
import { Alert, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ImportReport, ImportDialog as SharedImportDialog } from '../../components/ImportDialog.tsx';
import { api } from '../../lib/api.ts';
import { useInvalidate } from '../../lib/query.ts';
import { eventKeys } from './api.ts';

/** POST /events/import answers the shared contract. */
type Report = TEventImportResponse;

/** Event import: choose a CSV or .xlsx, dry run (nothing written), then import; every bad row is listed with its column. */
export function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('events');
  const invalidate = useInvalidate();
  return (
    <SharedImportDialog<Report>
      open={open}
      onClose={onClose}
      title={t('import')}
      help={<Typography.Paragraph type="secondary">{t('importHelp')}</Typography.Paragraph>}
      source={{
        kind: 'file',
        accept: '.csv,.xlsx,text/csv',
        xlsx: true,
        fileName: 'code',
        chooseTestId: 'events-import-file',
      }}
      labels={{ choose: t('chooseFile'), dryRun: t('dryRun'), apply: t('apply') }}
      dryRunTestId="events-dry-run"
      submit={(input, dryRun) =>
        api<Report>('events/import', {
          body: { format: input.format === 'xlsx' ? 'xlsx' : 'csv', content: input.content, dryRun },
        })
      }
      onApplied={() => invalidate(eventKeys.all)}
      renderReport={(report) => (
        <>
          {report.dryRun && <Alert type="info" showIcon message={t('dryRunNote')} />}
          <ImportReport
            stats={[
              { title: t('rows'), value: report.rows },
              { title: t('created'), value: report.created },
              { title: t('duplicates'), value: report.duplicates },
              { title: t('invalid'), value: report.invalid, danger: true },
            ]}
            rows={report.errors}
            rowKey={(e) => `${e.row}-${e.field}`}
            scrollX={500}
            columns={[
              { title: t('row'), dataIndex: 'row', width: 70 },
              { title: t('field'), dataIndex: 'field', width: 160 },
              { title: t('reason'), dataIndex: 'reason' },
            ]}
          />
        </>
      )}
    />
  );
}
