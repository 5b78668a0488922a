import { EnvironmentOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Popconfirm, Result, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../lib/api.ts';
import { useMe } from '../../lib/me.tsx';
import { useTenantTime } from '../../lib/time.ts';
import { AuditItemCard } from './AuditItemCard.tsx';
import { AuditResultView } from './AuditResultView.tsx';
import {
  type Answer,
  bySection,
  forgetDraft,
  forgetSubmitKey,
  loadDraft,
  missing,
  saveDraft,
  submitKey,
  toResults,
} from './answers.ts';
import { type AuditDetail, useAudit, useCancelAudit, useCheckIn, useSubmitAudit } from './api.ts';
import { CalibrationAssign } from './CalibrationAssign.tsx';
import { ExternalLinkCard } from './ExternalLinkCard.tsx';
import { AuditStatusTag, auditUnit, itemText, useCanManageQa } from './present.tsx';

/** The position when the browser gives one within 10 s; nothing when it has none, is refused or is slow. */
function position(): Promise<{ lat?: number; lng?: number; accuracyM?: number }> {
  if (!('geolocation' in navigator)) return Promise.resolve({});
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({}), 11_000);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        clearTimeout(timer);
        resolve({
          lat: p.coords.latitude,
          lng: p.coords.longitude,
          accuracyM: Math.min(100_000, Math.round(p.coords.accuracy)),
        });
      },
      () => {
        clearTimeout(timer);
        resolve({});
      },
      { enableHighAccuracy: true, timeout: 10_000, maximumAge: 60_000 },
    );
  });
}

/** A check-in more than 500 m from the store is flagged. */
const far = (m: number | null | undefined) => m != null && m > 500;

function CheckInCard({ audit }: { audit: AuditDetail }) {
  const { t } = useTranslation('quality');
  const { message } = App.useApp();
  const time = useTenantTime();
  const [locating, setLocating] = useState(false);
  const checkIn = useCheckIn(audit.id, {
    onSuccess: (a) =>
      message.success(
        a.checkIn?.distanceM != null ? t('do.checkedInAt', { m: Math.round(a.checkIn.distanceM) }) : t('do.checkedIn'),
      ),
    onError: (e) => message.error(e.message),
  });
  const c = audit.checkIn;
  if (c)
    return (
      <Alert
        type={far(c.distanceM) ? 'warning' : 'success'}
        showIcon
        icon={<EnvironmentOutlined />}
        data-testid="checked-in"
        message={t('do.checkedInLine', { at: time.dateTime(c.at) })}
        description={
          c.distanceM != null
            ? t(far(c.distanceM) ? 'do.distanceFar' : 'do.distance', { m: Math.round(c.distanceM) })
            : c.lat != null
              ? t('do.noUnitLocation')
              : t('do.noPosition')
        }
      />
    );
  return (
    <Card size="small">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text>{t('do.checkInHelp')}</Typography.Text>
        <Button
          type="primary"
          block
          size="large"
          icon={<EnvironmentOutlined />}
          loading={locating || checkIn.isPending}
          data-testid="check-in"
          onClick={async () => {
            setLocating(true);
            const where = await position();
            setLocating(false);
            checkIn.mutate(where);
          }}
        >
          {t('do.checkIn')}
        </Button>
      </Space>
    </Card>
  );
}

/** The audit an inspector works through on a phone; once submitted (or cancelled), its read-only result. */
export function AuditPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation('quality');
  const audit = useAudit(id);
  const a = audit.data;
  if (audit.error)
    return (
      <Result
        status="warning"
        title={(audit.error as Error).message}
        extra={<Link to="/quality/audits">{t('back')}</Link>}
      />
    );
  if (!a) return <Spin style={{ display: 'block', margin: 48 }} />;
  return (
    <div style={{ maxWidth: 720 }}>
      <Space direction="vertical" size={2} style={{ marginBottom: 12, width: '100%' }}>
        <Link to="/quality/audits">← {t('back')}</Link>
        <Space wrap size={4}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {auditUnit(a, i18n.language)}
          </Typography.Title>
          <AuditStatusTag status={a.status} overdue={a.overdue} />
          <Tag>{t(`kind.${a.kind}`)}</Tag>
        </Space>
        <Typography.Text type="secondary">
          {a.checklistName} v{a.checklistVersion}
          {a.inspectorName ? ` · ${a.inspectorName}` : ''}
        </Typography.Text>
        {a.orgUnit.address && (
          <Typography.Text type="secondary" data-testid="unit-address">
            <EnvironmentOutlined /> {a.orgUnit.address}
          </Typography.Text>
        )}
        {a.status !== 'assigned' && a.checkIn?.distanceM != null && (
          <Typography.Text type={far(a.checkIn.distanceM) ? 'warning' : 'secondary'} data-testid="check-in-distance">
            {t(far(a.checkIn.distanceM) ? 'do.distanceFar' : 'do.distance', { m: Math.round(a.checkIn.distanceM) })}
          </Typography.Text>
        )}
      </Space>
      <ExternalLinkCard audit={a} />
      <CalibrationAssign audit={a} />
      {a.status === 'assigned' ? <AuditForm audit={a} /> : <AuditResultView audit={a} />}
    </div>
  );
}

function AuditForm({ audit }: { audit: AuditDetail }) {
  const { t, i18n } = useTranslation('quality');
  const { message } = App.useApp();
  const me = useMe();
  const manageQa = useCanManageQa();
  // Who may work the audit may cancel it (inspections/policy.ts assertCanWork).
  const canCancel =
    me.can('inspections.write') && (audit.inspectorId === me.id || manageQa || audit.kind === 'self_inspection');
  // The draft survives a reload or a closed tab until the submit succeeds.
  const [answers, setAnswers] = useState<Record<string, Answer>>(() => loadDraft(localStorage, audit.id));
  useEffect(() => saveDraft(localStorage, audit.id, answers), [audit.id, answers]);
  const [tried, setTried] = useState(false);
  const groups = useMemo(() => bySection(audit.items), [audit.items]);
  const lacking = audit.items.filter((i) => missing(i, answers[i.code]) !== null);
  const unanswered = lacking.filter((i) => missing(i, answers[i.code]) === 'result').length;
  const withoutEvidence = lacking.filter((i) => missing(i, answers[i.code]) !== 'result');
  const submit = useSubmitAudit(audit.id, {
    onSuccess: () => {
      forgetSubmitKey(sessionStorage, audit.id);
      forgetDraft(localStorage, audit.id);
      message.success(t('do.submitted'));
    },
    onError: (err) => {
      if (err instanceof ApiError) message.error(err.message);
      // No answer at all (the network dropped): the key stays, so sending again cannot submit twice.
      else message.error(t('do.networkError'));
    },
  });
  const cancel = useCancelAudit(audit.id, { onError: (e) => message.error(e.message) });
  const send = () => {
    setTried(true);
    if (lacking.length) return;
    submit.mutate({
      idempotencyKey: submitKey(sessionStorage, audit.id),
      results: toResults(audit.items, answers),
    });
  };
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <CheckInCard audit={audit} />
      {groups.map((g) => (
        <div key={g.section ?? ''}>
          {g.section && (
            <Typography.Title level={5} style={{ margin: '4px 0 8px' }}>
              {g.section}
            </Typography.Title>
          )}
          <Space direction="vertical" size={8} style={{ width: '100%' }}>
            {g.items.map((item) => (
              <AuditItemCard
                key={item.code}
                auditId={audit.id}
                item={item}
                answer={answers[item.code]}
                showMissing={tried}
                onChange={(x) => setAnswers((prev) => ({ ...prev, [item.code]: x }))}
              />
            ))}
          </Space>
        </div>
      ))}
      {tried && lacking.length > 0 && (
        <Alert
          type="error"
          showIcon
          data-testid="submit-blocked"
          message={t('do.blocked')}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {unanswered > 0 && <li>{t('do.unanswered', { n: unanswered })}</li>}
              {withoutEvidence.map((i) => (
                <li key={i.code}>
                  {t(`do.needs.${missing(i, answers[i.code]) as 'photo'}`, { item: itemText(i, i18n.language) })}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Button type="primary" size="large" block loading={submit.isPending} onClick={send} data-testid="submit-audit">
        {t('do.submit')}
      </Button>
      {canCancel && (
        <Popconfirm title={t('do.cancelConfirm')} onConfirm={() => cancel.mutate()}>
          <Button block danger type="text">
            {t('do.cancel')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}
