import { Image, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../lib/me.tsx';
import type { Audit, AuditMetric, AuditPhoto, Checklist } from './api.ts';

/** An item's wording in the console language: the English text in English when the checklist has one. */
export function itemText(i: { text: string; textEn: string | null }, lang: string): string {
  return lang === 'en' && i.textEn ? i.textEn : i.text;
}

/** The audited unit's name in the console language. */
export function auditUnit(a: Pick<Audit, 'orgUnit'>, lang: string): string {
  return lang === 'en' && a.orgUnit.nameEn ? a.orgUnit.nameEn : a.orgUnit.name;
}

/** A 0..1 score as people read it: 0..100 with one decimal. */
export function scoreText(score: number | null): string {
  return score === null ? '—' : (score * 100).toFixed(1);
}

/**
 * A metric value: the two error rates are percentages (like tasks.on_time_rate, 0..100), the score is 0..100 points.
 */
export function metricText(metric: AuditMetric, v: number | null | undefined): string {
  if (metric !== 'audit.score') return percentText(v);
  return v === null || v === undefined ? '—' : v.toFixed(1);
}

/** A percentage (0..100) with one decimal. */
export function percentText(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : `${v.toFixed(1)}%`;
}

const STATUS_COLOR: Record<string, string> = { assigned: 'blue', submitted: 'green', cancelled: 'default' };

/** An audit's status tag; an assigned audit past its due date shows "overdue" in red beside it. */
export function AuditStatusTag({ status, overdue }: { status: string; overdue?: boolean }) {
  const { t } = useTranslation('quality');
  return (
    <Space size={2}>
      <Tag color={STATUS_COLOR[status]} data-testid="audit-status">
        {t(`status.${status as 'assigned'}`)}
      </Tag>
      {overdue && (
        <Tag color="red" data-testid="audit-overdue">
          {t('plans.overdue')}
        </Tag>
      )}
    </Space>
  );
}

/** A checklist item's severity: fatal in red. */
export function SeverityTag({ severity }: { severity: string }) {
  const { t } = useTranslation('quality');
  return severity === 'fatal' ? <Tag color="red">{t('severity.fatal')}</Tag> : <Tag>{t('severity.general')}</Tag>;
}

/** The failures of a submitted audit: fatal ones in red. */
export function FailuresText({ a }: { a: Audit }) {
  const { t } = useTranslation('quality');
  if (a.status !== 'submitted') return <>—</>;
  return (
    <span>
      {a.fatalFailures > 0 ? (
        <Tag color="red" data-testid="fatal-failures">
          {t('fatalN', { n: a.fatalFailures })}
        </Tag>
      ) : (
        <Tag color="green">{t('noFatal')}</Tag>
      )}
    </span>
  );
}

/**
 * Whether the caller runs the QA programme (writes checklists, assigns mystery shops, sampling checks and
 * rehearsals): owners and admins, and analysts or managers whose scope is the whole tenant (HQ quality staff). The
 * server's inspections/policy.ts decides; the pages only hide what it would refuse.
 */
export function useCanManageQa(): boolean {
  const me = useMe();
  if (!me.can('inspections.manage')) return false;
  return me.role === 'owner' || me.role === 'admin' || me.orgUnit.path === `/${me.orgUnit.id}/`;
}

/** An item's evidence photos as square thumbnails that open a preview (the result view and the failing audits). */
export function EvidencePhotos({ photos, size, testId }: { photos: AuditPhoto[]; size: number; testId?: string }) {
  const { t } = useTranslation('quality');
  if (photos.length === 0) return null;
  return (
    <Image.PreviewGroup>
      <Space wrap size={8}>
        {photos.map((p) => (
          <Image
            key={p.id}
            src={p.url}
            width={size}
            height={size}
            style={{ objectFit: 'cover' }}
            alt={t('do.photo')}
            data-testid={testId}
          />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}

/** The checklists one can assign audits against (not archived), as Select options naming their current version. */
export const checklistOptions = (list: Checklist[] | undefined) =>
  (list ?? []).filter((c) => !c.archived).map((c) => ({ value: c.id, label: `${c.name} (v${c.version})` }));
