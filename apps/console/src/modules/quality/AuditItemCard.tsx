import { CameraOutlined, CloseOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, Segmented, Space, Typography } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { type Answer, missing } from './answers.ts';
import { AUDIT_RESULTS, type AuditItem, useUploadPhoto } from './api.ts';
import { itemText, SeverityTag } from './present.tsx';

const MAX_BYTES = 5 * 1024 * 1024;

/**
 * One checklist item on the inspector's phone: pass / fail / N/A as one row of large buttons, then a note and photos
 * (the camera opens directly on a phone). The evidence the item requires when it fails is marked, and the card turns
 * red once the inspector tried to submit without it.
 */
export function AuditItemCard(props: {
  auditId: string;
  item: AuditItem;
  answer: Answer | undefined;
  showMissing: boolean;
  onChange: (a: Answer) => void;
}) {
  const { t, i18n } = useTranslation('quality');
  const { message } = App.useApp();
  const { item } = props;
  const answer: Answer = props.answer ?? { note: '', photos: [] };
  const input = useRef<HTMLInputElement>(null);
  const upload = useUploadPhoto(props.auditId, {
    onSuccess: (photo) => props.onChange({ ...answer, photos: [...answer.photos, photo] }),
    onError: (err) => message.error(t('do.photoFailed', { reason: err.message })),
  });
  const lack = props.showMissing ? missing(item, props.answer) : null;
  const evidenceNeeded = item.evidence !== 'none' && answer.result === 'fail';
  return (
    <Card
      size="small"
      data-testid={`item-${item.code}`}
      style={{ borderColor: lack ? '#ff4d4f' : undefined }}
      styles={{ body: { padding: 12 } }}
    >
      <Space direction="vertical" size={8} style={{ width: '100%' }}>
        <div style={{ wordBreak: 'break-word' }}>
          <SeverityTag severity={item.severity} />
          <Typography.Text strong>{itemText(item, i18n.language)}</Typography.Text>
          {item.evidence !== 'none' && (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {t(`do.requires.${item.evidence}`)}
            </Typography.Text>
          )}
        </div>
        <Segmented
          block
          value={answer.result ?? ''}
          onChange={(v) => props.onChange({ ...answer, result: v as Answer['result'] })}
          options={AUDIT_RESULTS.map((r) => ({
            value: r,
            label: (
              <span
                data-testid={`result-${r}`}
                style={{
                  display: 'block',
                  padding: '6px 0',
                  color:
                    answer.result === r ? (r === 'fail' ? '#cf1322' : r === 'pass' ? '#389e0d' : undefined) : undefined,
                  fontWeight: answer.result === r ? 600 : undefined,
                }}
              >
                {t(`result.${r}`)}
              </span>
            ),
          }))}
        />
        <Input.TextArea
          value={answer.note}
          onChange={(e) => props.onChange({ ...answer, note: e.target.value })}
          placeholder={evidenceNeeded && item.evidence === 'note' ? t('do.noteRequired') : t('do.note')}
          aria-label={t('do.note')}
          autoSize={{ minRows: 1, maxRows: 4 }}
          maxLength={2000}
          status={lack === 'note' ? 'error' : undefined}
          data-testid="item-note"
        />
        <Space wrap size={8}>
          {answer.photos.map((p) => (
            <div key={p.id} style={{ position: 'relative' }}>
              <img
                src={p.url}
                alt={t('do.photo')}
                width={64}
                height={64}
                style={{ objectFit: 'cover', borderRadius: 4, display: 'block' }}
                data-testid="item-photo"
              />
              <Button
                size="small"
                shape="circle"
                icon={<CloseOutlined />}
                aria-label={t('do.removePhoto')}
                style={{ position: 'absolute', top: -8, right: -8 }}
                onClick={() => props.onChange({ ...answer, photos: answer.photos.filter((x) => x.id !== p.id) })}
              />
            </div>
          ))}
          <Button
            icon={<CameraOutlined />}
            loading={upload.isPending}
            danger={lack === 'photo'}
            onClick={() => input.current?.click()}
          >
            {t('do.addPhoto')}
          </Button>
          <input
            ref={input}
            type="file"
            accept="image/*"
            capture="environment"
            hidden
            data-testid={`photo-input-${item.code}`}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (!file) return;
              if (file.size > MAX_BYTES) {
                message.error(t('do.photoTooBig'));
                return;
              }
              upload.mutate({ itemCode: item.code, file });
            }}
          />
        </Space>
        {lack && lack !== 'result' && (
          <Typography.Text type="danger" style={{ fontSize: 13 }}>
            {t(`do.lacks.${lack}`)}
          </Typography.Text>
        )}
      </Space>
    </Card>
  );
}
