import type { TOrgImportResponse } from '@loopcx/shared';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ImportReport, ImportDialog as SharedImportDialog } from '../../components/ImportDialog.tsx';
import { api } from '../../lib/api.ts';
import { orgUnitKeys } from '../../lib/org.ts';
import { useInvalidate } from '../../lib/query.ts';

/** POST /org-units/import answers the shared contract. */
type Report = TOrgImportResponse;

/** CSV import of org units: paste or choose a file, dry run first (nothing written), then apply; every bad row is listed. */
export function ImportDialog({ open, onClose, rootId }: { open: boolean; onClose: () => void; rootId?: string }) {
  const { t } = useTranslation('org');
  const invalidate = useInvalidate();
  return (
    <SharedImportDialog<Report>
      open={open}
      onClose={onClose}
      title={t('import')}
      help={<Typography.Paragraph type="secondary">{t('importHelp')}</Typography.Paragraph>}
      source={{ kind: 'paste', accept: '.csv,text/csv', placeholder: t('paste'), testId: 'import-csv' }}
      labels={{ choose: t('chooseFile'), dryRun: t('dryRun'), apply: t('apply') }}
      submit={(input, dryRun) =>
        api<Report>('org-units/import', { body: { csv: input.content, dryRun, parentId: rootId } })
      }
      canApply={(report) => !!report?.dryRun}
      onApplied={() => invalidate(orgUnitKeys.all)}
      renderReport={(report) => (
        <ImportReport
          alert={{
            type: report.errors.length ? 'warning' : 'success',
            message: report.dryRun ? t('report') : t('reportDone'),
          }}
          stats={[
            { title: t('rows'), value: report.rows },
            { title: t('created'), value: report.created },
            { title: t('updated'), value: report.updated },
            { title: t('unchanged'), value: report.unchanged },
            { title: t('errors'), value: report.errors.length, danger: true },
          ]}
          rows={report.errors}
          rowKey={(e) => `${e.row}-${e.field}-${e.reason}`}
          columns={[
            { title: t('row'), dataIndex: 'row', width: 70 },
            { title: t('field'), dataIndex: 'field', width: 140 },
            { title: t('reason'), dataIndex: 'reason' },
          ]}
        />
      )}
    />
  );
}
