import { Alert, App, Button, Input, Modal, Space, Statistic, Table, Typography, Upload } from 'antd';
import { type ReactNode, useState } from 'react';

/** What the user chose or pasted. `format` is `xlsx` for an Excel file (content in base64), `text` otherwise. */
export interface ImportInput {
  name: string;
  format: 'text' | 'xlsx';
  content: string;
}

/**
 * Where the input comes from. `paste`: a file fills a text area the user may also type into (CSV).
 * `file`: only a chosen file, whose name is shown; `.xlsx` files are read as base64 when `xlsx` is set.
 */
export type ImportSource =
  | { kind: 'paste'; accept: string; placeholder: string; testId?: string }
  | { kind: 'file'; accept: string; xlsx?: boolean; fileName: 'code' | 'secondary'; chooseTestId?: string };

/** Options of {@link ImportDialog}; `R` is the server's answer to a dry run or an import. */
export interface ImportDialogOptions<R> {
  open: boolean;
  onClose: () => void;
  title: string;
  /** Format notes, column help or a sample shown above the chooser. */
  help?: ReactNode;
  source: ImportSource;
  labels: { choose: string; dryRun: string; apply: string };
  dryRunTestId?: string;
  /** Controls beside the file chooser (e.g. a format picker); call `reset` when they change what would be sent. */
  toolbar?: (reset: () => void) => ReactNode;
  /** Sends the input to the server: `dryRun` writes nothing and answers with what an import would do. */
  submit: (input: ImportInput, dryRun: boolean) => Promise<R>;
  /** Whether "import" is allowed with this report (e.g. only after a dry run). Defaults to once there is input. */
  canApply?: (report: R | undefined) => boolean;
  /** After a real import: refresh lists, or close and go to what was created. */
  onApplied?: (report: R, close: () => void) => void;
  renderReport: (report: R) => ReactNode;
}

/** Reads a File as base64 (for .xlsx) without loading a library. */
async function base64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/**
 * The console's one import dialog (org units, events, feedback, surveys): choose or paste, dry run first (nothing
 * written) and read the report, then import. Errors from the server are shown as a message; the input stays.
 */
export function ImportDialog<R>(o: ImportDialogOptions<R>) {
  const { message } = App.useApp();
  const [input, setInput] = useState<ImportInput>();
  const [report, setReport] = useState<R>();
  const [busy, setBusy] = useState(false);
  const hasInput = o.source.kind === 'paste' ? !!input?.content.trim() : !!input;

  const run = async (dryRun: boolean) => {
    if (!input) return;
    setBusy(true);
    try {
      const r = await o.submit(input, dryRun);
      setReport(r);
      if (!dryRun) o.onApplied?.(r, close);
    } catch (err) {
      message.error((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const close = () => {
    setInput(undefined);
    setReport(undefined);
    o.onClose();
  };
  const choose = async (file: File) => {
    const xlsx = o.source.kind === 'file' && !!o.source.xlsx && file.name.toLowerCase().endsWith('.xlsx');
    setInput({
      name: file.name,
      format: xlsx ? 'xlsx' : 'text',
      content: xlsx ? await base64(file) : await file.text(),
    });
    setReport(undefined);
    return false;
  };

  const source = o.source;
  return (
    <Modal open={o.open} onCancel={close} title={o.title} width={760} footer={null} destroyOnHidden>
      {o.help}
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          {o.toolbar?.(() => setReport(undefined))}
          <Upload accept={source.accept} showUploadList={false} beforeUpload={choose}>
            <Button data-testid={source.kind === 'file' ? source.chooseTestId : undefined}>{o.labels.choose}</Button>
          </Upload>
          {source.kind === 'file' &&
            input &&
            (source.fileName === 'code' ? (
              <Typography.Text code>{input.name}</Typography.Text>
            ) : (
              <Typography.Text type="secondary">{input.name}</Typography.Text>
            ))}
        </Space>
        {source.kind === 'paste' && (
          <Input.TextArea
            rows={6}
            value={input?.content ?? ''}
            onChange={(e) => {
              setInput({ name: '', format: 'text', content: e.target.value });
              setReport(undefined);
            }}
            placeholder={source.placeholder}
            style={{ fontFamily: 'monospace' }}
            data-testid={source.testId}
          />
        )}
        <Space wrap>
          <Button onClick={() => run(true)} loading={busy} disabled={!hasInput} data-testid={o.dryRunTestId}>
            {o.labels.dryRun}
          </Button>
          <Button
            type="primary"
            onClick={() => run(false)}
            loading={busy}
            disabled={o.canApply ? !o.canApply(report) : !hasInput}
            data-testid="import-apply"
          >
            {o.labels.apply}
          </Button>
        </Space>
        {report !== undefined && o.renderReport(report)}
      </Space>
    </Modal>
  );
}

/** Options of {@link ImportReport}. */
export interface ImportReportOptions<Row> {
  /** A banner above the figures (dry run or done, warning when rows were refused). */
  alert?: { type: 'success' | 'info' | 'warning'; message: string };
  /** `danger`: shown in red when not zero. */
  stats: Array<{ title: string; value: number; danger?: boolean }>;
  /** Refused or noteworthy rows, listed under the figures when there are any. */
  rows: Row[];
  columns: Array<{ title: string; dataIndex: keyof Row & string; width?: number }>;
  rowKey: (row: Row) => string;
  pageSize?: number;
  scrollX?: number;
  /** Shown instead of the table when there are no rows. */
  empty?: ReactNode;
}

/** The usual report of an import: a banner, the counts (a non-zero "bad" count in red), then the bad rows. */
export function ImportReport<Row extends object>(o: ImportReportOptions<Row>) {
  return (
    <>
      {o.alert && <Alert type={o.alert.type} message={o.alert.message} showIcon />}
      <Space size="large" wrap>
        {o.stats.map((s) => (
          <Statistic
            key={s.title}
            title={s.title}
            value={s.value}
            valueStyle={s.danger ? { color: s.value ? '#cf1322' : undefined } : undefined}
          />
        ))}
      </Space>
      {o.rows.length > 0 ? (
        <Table
          size="small"
          rowKey={o.rowKey}
          dataSource={o.rows}
          pagination={{ pageSize: o.pageSize ?? 10 }}
          scroll={o.scrollX ? { x: o.scrollX } : undefined}
          columns={o.columns}
        />
      ) : (
        o.empty
      )}
    </>
  );
}
