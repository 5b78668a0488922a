import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, InputNumber, Popover, Progress, Space, Tag, Typography, Upload } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProblemTask } from './api.ts';

const STATUS_COLOR: Record<string, string> = {
  open: 'default',
  in_progress: 'processing',
  submitted: 'gold',
  accepted: 'green',
  returned: 'orange',
};
const MAX_BYTES = 5 * 1024 * 1024;

/** Reads a file as base64 (without the data-URL prefix). */
function base64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).split(',')[1] ?? '');
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

/**
 * One department task: owner, due date, status, progress, evidence; its workers report progress, add notes and
 * files and submit; the problem's owner accepts or returns a submitted task with a reason.
 */
export function TaskCard({
  task,
  canManage,
  open,
  busy,
  run,
}: {
  task: ProblemTask;
  canManage: boolean;
  open: boolean;
  busy: boolean;
  run: (path: string, body?: unknown) => void;
}) {
  const { t, i18n } = useTranslation('problems');
  const { message } = App.useApp();
  const [note, setNote] = useState('');
  const [progress, setProgress] = useState<number | null>(task.progress);
  const [reason, setReason] = useState('');
  const zh = i18n.language.startsWith('zh');
  const base = `tasks/${task.id}`;
  const working = open && task.canWork && ['open', 'in_progress', 'returned'].includes(task.status);
  return (
    <Card
      size="small"
      style={{ marginBottom: 8 }}
      data-testid={`task-${task.seq}`}
      title={
        <Space wrap size={4}>
          <Tag>{zh ? task.ownerName : (task.ownerNameEn ?? task.ownerName)}</Tag>
          <span style={{ whiteSpace: 'normal' }}>{task.title}</span>
        </Space>
      }
      extra={
        <Tag color={STATUS_COLOR[task.status]} data-testid="task-status">
          {t(`s.${task.status}`)}
        </Tag>
      }
    >
      <Space wrap size={8} style={{ marginBottom: 8 }}>
        <Typography.Text type={task.overdue ? 'danger' : 'secondary'}>
          {t('dueAt')} {dayjs(task.dueAt).format('YYYY-MM-DD HH:mm')}
        </Typography.Text>
        {task.onTime === true && <Tag color="green">{t('onTimeTag')}</Tag>}
        {task.onTime === false && <Tag color="red">{t('late')}</Tag>}
        {task.escalatedTo && <Tag color="volcano">{t('escalated', { name: task.escalatedToName ?? '↑' })}</Tag>}
      </Space>
      <Progress percent={task.progress} size="small" />
      {task.returnReason && (
        <Typography.Paragraph type="warning" style={{ margin: '4px 0' }}>
          {t('returnReason')}: {task.returnReason}
        </Typography.Paragraph>
      )}
      {task.evidence.length > 0 && (
        <div style={{ margin: '6px 0' }}>
          <Typography.Text type="secondary">{t('evidence')}</Typography.Text>
          {task.evidence.map((e) => (
            <div key={e.id} style={{ fontSize: 13 }}>
              {e.url ? (
                <a href={e.url} target="_blank" rel="noreferrer">
                  <PaperClipOutlined /> {e.fileName}
                </a>
              ) : (
                <span>{e.note}</span>
              )}{' '}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                · {e.createdByName ?? ''} {dayjs(e.createdAt).format('MM-DD HH:mm')}
              </Typography.Text>
            </div>
          ))}
        </div>
      )}
      {working && (
        <Space direction="vertical" style={{ width: '100%', marginTop: 8 }}>
          <Input.TextArea
            rows={2}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder={t('note')}
            maxLength={5000}
          />
          <Space wrap>
            <InputNumber
              min={0}
              max={100}
              value={progress}
              onChange={setProgress}
              addonAfter="%"
              style={{ width: 110 }}
            />
            <Button
              size="small"
              disabled={busy}
              onClick={() => run(`${base}/progress`, { progress: progress ?? 0, ...(note ? { note } : {}) })}
            >
              {t('reportProgress')}
            </Button>
            <Button size="small" disabled={busy || !note} onClick={() => run(`${base}/evidence`, { note })}>
              {t('addNote')}
            </Button>
            <Upload
              showUploadList={false}
              accept="image/png,image/jpeg,image/webp,application/pdf,text/plain"
              beforeUpload={async (file) => {
                if (file.size > MAX_BYTES) message.error(t('tooBig'));
                else
                  run(`${base}/evidence`, {
                    file: { name: file.name, contentType: file.type || 'text/plain', data: await base64(file) },
                  });
                return false;
              }}
            >
              <Button size="small" icon={<UploadOutlined />} disabled={busy}>
                {t('upload')}
              </Button>
            </Upload>
            <Button
              type="primary"
              size="small"
              disabled={busy}
              onClick={() => run(`${base}/submit`, note ? { note } : {})}
            >
              {t('submit')}
            </Button>
          </Space>
        </Space>
      )}
      {open && canManage && task.status === 'submitted' && (
        <Space wrap style={{ marginTop: 8 }}>
          <Button type="primary" size="small" disabled={busy} onClick={() => run(`${base}/accept`)}>
            {t('accept')}
          </Button>
          <Popover
            trigger="click"
            content={
              <Space direction="vertical">
                <Input.TextArea
                  rows={2}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                  placeholder={t('returnReason')}
                />
                <Button
                  size="small"
                  danger
                  disabled={busy || !reason.trim()}
                  onClick={() => run(`${base}/return`, { reason })}
                >
                  {t('return')}
                </Button>
              </Space>
            }
          >
            <Button size="small" danger>
              {t('return')}
            </Button>
          </Popover>
        </Space>
      )}
    </Card>
  );
}
