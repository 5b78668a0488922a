import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Input, Modal, Space, Statistic, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';

interface Report {
  dryRun: boolean;
  rows: number;
  imported: number;
  duplicates: number;
  errors: Array<{ row: number; field?: string; reason: string }>;
}

const SAMPLE =
  '来源,渠道,作者,内容,评分,门店,时间,编号\n点评,大众点评,吃货小王,外卖汤洒了，包装太差,1,SH-01,2026-11-20 12:30,dp-001';

/** CSV import: choose or paste, dry run first (nothing stored), then import; each bad row is listed, good rows kept. */
export function ImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('feedback');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [csv, setCsv] = useState('');
  const [report, setReport] = useState<Report>();
  const [busy, setBusy] = useState(false);
  const run = async (dryRun: boolean) => {
    setBusy(true);
    try {
      setReport(await api<Report>('feedback/import', { body: { csv, dryRun } }));
      if (!dryRun) void queryClient.invalidateQueries({ queryKey: ['feedback'] });
    } catch (err) {
      message.error((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const close = () => {
    setCsv('');
    setReport(undefined);
    onClose();
  };
  return (
    <Modal open={open} onCancel={close} title={t('import')} footer={null} width={760} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('importHelp')}</Typography.Paragraph>
      <Typography.Paragraph>
        <pre style={{ fontSize: 12, whiteSpace: 'pre-wrap', margin: 0 }}>{SAMPLE}</pre>
      </Typography.Paragraph>
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
          data-testid="feedback-csv"
        />
        <Space wrap>
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
              showIcon
              message={report.dryRun ? t('dryRunDone') : t('importDone')}
            />
            <Space size="large" wrap>
              <Statistic title={t('rows')} value={report.rows} />
              <Statistic title={report.dryRun ? t('wouldImport') : t('imported')} value={report.imported} />
              <Statistic title={t('duplicates')} value={report.duplicates} />
              <Statistic
                title={t('errors')}
                value={report.errors.length}
                valueStyle={{ color: report.errors.length ? '#cf1322' : undefined }}
              />
            </Space>
            {report.errors.length > 0 && (
              <Table
                size="small"
                rowKey={(e) => `${e.row}-${e.field}`}
                dataSource={report.errors}
                pagination={{ pageSize: 10 }}
                columns={[
                  { title: t('row'), dataIndex: 'row', width: 70 },
                  { title: t('field'), dataIndex: 'field', width: 120 },
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
