import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Modal, Space, Statistic, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';

interface Report {
  dryRun: boolean;
  rows: number;
  created: number;
  duplicates: number;
  invalid: number;
  errors: Array<{ row: number; field: string; reason: string }>;
}

/** Reads a File as base64 (for .xlsx) without loading a library. */
async function base64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Event import: choose a CSV or .xlsx, dry run (nothing written), then import; every bad row is listed with its column. */
export function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('events');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<{ name: string; format: 'csv' | 'xlsx'; content: string }>();
  const [report, setReport] = useState<Report>();
  const [busy, setBusy] = useState(false);

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    try {
      setReport(await api<Report>('events/import', { body: { format: file.format, content: file.content, dryRun } }));
      if (!dryRun) void queryClient.invalidateQueries({ queryKey: ['events'] });
    } catch (err) {
      message.error((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const close = () => {
    setFile(undefined);
    setReport(undefined);
    onClose();
  };

  return (
    <Modal open={open} onCancel={close} title={t('import')} width={760} footer={null} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('importHelp')}</Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Upload
          accept=".csv,.xlsx,text/csv"
          showUploadList={false}
          beforeUpload={async (f) => {
            const xlsx = f.name.toLowerCase().endsWith('.xlsx');
            setFile({ name: f.name, format: xlsx ? 'xlsx' : 'csv', content: xlsx ? await base64(f) : await f.text() });
            setReport(undefined);
            return false;
          }}
        >
          <Button data-testid="events-import-file">{t('chooseFile')}</Button>
        </Upload>
        {file && <Typography.Text code>{file.name}</Typography.Text>}
        <Space wrap>
          <Button disabled={!file} loading={busy} onClick={() => run(true)} data-testid="events-dry-run">
            {t('dryRun')}
          </Button>
          <Button type="primary" disabled={!file} loading={busy} onClick={() => run(false)}>
            {t('apply')}
          </Button>
        </Space>
        {report && (
          <>
            {report.dryRun && <Alert type="info" showIcon message={t('dryRunNote')} />}
            <Space wrap size="large">
              <Statistic title={t('rows')} value={report.rows} />
              <Statistic title={t('created')} value={report.created} />
              <Statistic title={t('duplicates')} value={report.duplicates} />
              <Statistic
                title={t('invalid')}
                value={report.invalid}
                valueStyle={{ color: report.invalid ? '#cf1322' : undefined }}
              />
            </Space>
            {report.errors.length > 0 && (
              <Table
                size="small"
                rowKey={(e) => `${e.row}-${e.field}`}
                dataSource={report.errors}
                pagination={{ pageSize: 10 }}
                scroll={{ x: 500 }}
                columns={[
                  { title: t('row'), dataIndex: 'row', width: 70 },
                  { title: t('field'), dataIndex: 'field', width: 160 },
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
