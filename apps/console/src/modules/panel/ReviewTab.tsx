import { App, Button, Card, Descriptions, Image, Input, List, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type TPanel, type TPanelSubmission, useReview, useSubmissions } from './api.ts';
import { DiaryEntries } from './DiaryEntries.tsx';

import { STATUS_COLOR, when } from './present-panel.ts';

export function Review({ panel, canReview }: { panel: TPanel; canReview: boolean }) {
  const { t } = useTranslation('panel');
  const [state, setState] = useState<'pending' | 'reviewed' | 'all'>('pending');
  const subs = useSubmissions(panel.id, state);
  return (
    <>
      <Segmented
        value={state}
        onChange={(v) => setState(v as typeof state)}
        options={(['pending', 'reviewed', 'all'] as const).map((k) => ({ value: k, label: t(`r.${k}`) }))}
        style={{ marginBottom: 12 }}
      />
      <List
        loading={subs.isLoading}
        dataSource={subs.data?.items ?? []}
        locale={{ emptyText: t('r.empty') }}
        renderItem={(s) => <SubmissionCard key={s.id} s={s} canReview={canReview} />}
      />
    </>
  );
}

function SubmissionCard({ s, canReview }: { s: TPanelSubmission; canReview: boolean }) {
  const { t } = useTranslation('panel');
  const { message } = App.useApp();
  const [note, setNote] = useState('');
  const review = useReview({
    onSuccess: (out) =>
      message.success(out.status === 'approved' ? t('r.approved', { n: out.pointsAwarded ?? 0 }) : t('r.rejected')),
    onError: (e) => message.error(e.message),
  });
  const value = (v: string | number | boolean | undefined) =>
    v === true ? t('r.yes') : v === false ? t('r.no') : v === undefined ? '—' : String(v);
  const far = s.checkInDistanceM !== null && s.checkInDistanceM > s.radiusM;
  return (
    <Card
      size="small"
      style={{ marginBottom: 8 }}
      data-testid="submission"
      title={`${s.memberName} · ${s.taskTitle}`}
      extra={<Tag color={STATUS_COLOR[s.status]}>{s.status}</Tag>}
    >
      <Space direction="vertical" style={{ width: '100%' }} size={6}>
        <Typography.Text type="secondary">
          {s.unitName ? `${s.unitName} · ` : ''}
          {t('r.submitted', { at: when(s.submittedAt) })}
        </Typography.Text>
        {s.entries.length === 0 && (
          <Typography.Text type={far ? 'danger' : undefined} data-testid="submission-distance">
            {s.checkInDistanceM === null ? t('r.noCheckIn') : t('r.distance', { m: s.checkInDistanceM, r: s.radiusM })}
          </Typography.Text>
        )}
        <Descriptions column={1} size="small">
          {s.fields.map((f) => (
            <Descriptions.Item key={f.code} label={f.label}>
              {value(s.answers[f.code])}
            </Descriptions.Item>
          ))}
        </Descriptions>
        {s.entries.length > 0 && <DiaryEntries entries={s.entries} />}
        {s.photos.length > 0 && (
          <Image.PreviewGroup>
            <Space wrap>
              {s.photos.map((p) => (
                <Image key={p.id} src={p.url} width={96} height={96} style={{ objectFit: 'cover' }} alt="" />
              ))}
            </Space>
          </Image.PreviewGroup>
        )}
        {s.reviewedAt ? (
          <Typography.Text>
            {when(s.reviewedAt)} {s.reviewNote ?? ''} {s.pointsAwarded ? `+${s.pointsAwarded}` : ''}
          </Typography.Text>
        ) : (
          canReview && (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Input.TextArea
                rows={2}
                maxLength={2000}
                placeholder={t('r.note')}
                value={note}
                onChange={(e) => setNote(e.target.value)}
              />
              <Space wrap>
                <Button
                  type="primary"
                  data-testid="approve"
                  loading={review.isPending}
                  onClick={() => review.mutate({ id: s.id, decision: 'approve', note: note || undefined })}
                >
                  {t('r.approve')}
                </Button>
                <Button
                  danger
                  data-testid="reject"
                  disabled={review.isPending}
                  onClick={() => {
                    if (!note.trim()) return message.warning(t('r.noteRequired'));
                    review.mutate({ id: s.id, decision: 'reject', note });
                  }}
                >
                  {t('r.reject')}
                </Button>
              </Space>
            </Space>
          )
        )}
      </Space>
    </Card>
  );
}
