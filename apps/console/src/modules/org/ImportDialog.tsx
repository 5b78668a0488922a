import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Input, Modal, Space, Statistic, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';

interface Report {
  format: string;
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: Array<{ row: number; field?: string; reason: string }>;
}

/** CSV import: paste or choose a file, dry run first (nothing written), then apply; every bad row is listed. */
export function ImportDialog({ open, onClose, rootId }: { open: boolean; onClose: () => void; rootId?: string }) {
  const { t } = useTranslation('org');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [csv, setCsv] = useState('');
  const [report, setReport] = useState<Report>();
  const [busy, setBusy] = useState(false);

  const run = async (dryRun: boolean) => {
    setBusy(true);
    try {
      const r = await api<Report>('org-units/import', { body: { csv, dryRun, parentId: rootId } });
      setReport(r);
      if (!dryRun) void queryClient.invalidateQueries({ queryKey: ['org-units'] });
    } catch (err) {
      message.error((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const close = () => {
    setReport(undefined);
    setCsv('');
    onClose();
  };

  return (
    <Modal open={open} onCancel={close} title={t('import')} width={760} footer={null} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('importHelp')}</Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Upload
          accept=".csv,text/csv"
          showUploadList={false}
          beforeUpload={async (file) => {
            setCsv(await file.text());
            setReport(undefined);
            return false;
          }}
        >
          <Button>{t('chooseFile')}</Button>
        </Upload>
        <Input.TextArea
          rows={6}
          value={csv}
          onChange={(e) => {
            setCsv(e.target.value);
            setReport(undefined);
          }}
          placeholder={t('paste')}
          style={{ fontFamily: 'monospace' }}
          data-testid="import-csv"
        />
        <Space>
          <Button onClick={() => run(true)} loading={busy} disabled={!csv.trim()}>
            {t('dryRun')}
          </Button>
          <Button type="primary" onClick={() => run(false)} loading={busy} disabled={!report?.dryRun}>
            {t('apply')}
          </Button>
        </Space>
        {report && (
          <>
            <Alert
              type={report.errors.length ? 'warning' : 'success'}
              message={report.dryRun ? t('report') : t('reportDone')}
              showIcon
            />
            <Space size="large" wrap>
              <Statistic title={t('rows')} value={report.rows} />
              <Statistic title={t('created')} value={report.created} />
              <Statistic title={t('updated')} value={report.updated} />
              <Statistic title={t('unchanged')} value={report.unchanged} />
              <Statistic
                title={t('errors')}
                value={report.errors.length}
                valueStyle={{ color: report.errors.length ? '#cf1322' : undefined }}
              />
            </Space>
            {report.errors.length > 0 && (
              <Table
                size="small"
                rowKey={(e) => `${e.row}-${e.field}-${e.reason}`}
                dataSource={report.errors}
                pagination={{ pageSize: 10 }}
                columns={[
                  { title: t('row'), dataIndex: 'row', width: 70 },
                  { title: t('field'), dataIndex: 'field', width: 140 },
                  { title: t('reason'), dataIndex: 'reason' },
                ]}
              />
            )}
          </>
        )}
      </Space>
    </Modal>
  );
}
