import {
  dayRangeInstants,
  lastDays,
  type TTaxonomyResponse,
  type TTextRunResponse,
  type TTextSentiment,
  type TTextTriage,
  type TTopicResponse,
} from '@loopcx/shared';
import { Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { useTouchpoints } from '../journeys/api.ts';

/** A topic of the taxonomy as the text routes answer it. */
export type Topic = TTopicResponse;
/** An analysis or discovery run with its progress. */
export type Run = TTextRunResponse;
/** GET /text/taxonomy: the tenant's topics, version and any running re-analysis. */
export type Taxonomy = TTaxonomyResponse;
export interface TextFilters {
  orgUnitId?: string;
  touchpointId?: string;
  days: number;
  source?: 'response' | 'feedback';
  /** Triage classes (sent only to the summary and the verbatims, the routes that filter by them). */
  triage?: Triage[];
  /** The tenant's time zone: the period is its last `days` days (not sent; the period carries it). */
  tz: string;
}
export type Sentiment = TTextSentiment;
export type Triage = TTextTriage;
/** Most actionable first: "which needs are real" — complaints and suggestions lead the strip and the filter. */
export const TRIAGE_ORDER: readonly Triage[] = ['complaint', 'suggestion', 'question', 'praise', 'noise'];
export const TRIAGE_COLOR: Record<Triage, string> = {
  complaint: 'red',
  suggestion: 'blue',
  question: 'gold',
  praise: 'green',
  noise: 'default',
};
export const SENTIMENT_COLOR: Record<Sentiment, string> = {
  negative: '#cf1322',
  neutral: '#8c8c8c',
  positive: '#389e0d',
};

/** The period of the filters: the last `days` tenant days up to the end of today, as instants. */
export function periodOf(f: TextFilters) {
  const { from, to } = dayRangeInstants(f.tz, lastDays(f.tz, f.days, Date.now()));
  return { from: from.toISOString(), to: to.toISOString() };
}

/** `triage=complaint,suggestion` for the routes that take it (the summary and the verbatims). */
export const triageParam = (f: TextFilters) => (f.triage?.length ? f.triage.join(',') : undefined);

/** Query string of the shared text filters (plus extras). The triage filter goes only where `extra` puts it. */
export function qs(f: TextFilters, extra: Record<string, string | number | undefined> = {}) {
  const p = new URLSearchParams();
  const { days: _days, tz: _tz, triage: _triage, ...rest } = f;
  for (const [k, v] of Object.entries({ ...rest, ...periodOf(f), ...extra }))
    if (v !== undefined && v !== '') p.set(k, String(v));
  return p.toString();
}

/** A topic's name in the console language. */
export function useTopicLabel() {
  const { i18n } = useTranslation();
  return (t: { name?: string; topic?: string; nameEn?: string | null }) =>
    i18n.language === 'en' && t.nameEn ? t.nameEn : (t.name ?? t.topic ?? '');
}

/** The filter bar: unit subtree, touchpoint, period, source, triage classes. Wraps on narrow screens. */
export function FilterBar({ value, onChange }: { value: TextFilters; onChange: (f: TextFilters) => void }) {
  const { t, i18n } = useTranslation('text');
  const tps = useTouchpoints();
  return (
    <Space wrap style={{ marginBottom: 12 }}>
      <UnitPicker
        style={{ minWidth: 200 }}
        placeholder={t('allUnits')}
        value={value.orgUnitId}
        onChange={(v) => onChange({ ...value, orgUnitId: v || undefined })}
        data-testid="text-unit"
      />
      <Select
        style={{ minWidth: 160 }}
        allowClear
        placeholder={t('allTouchpoints')}
        value={value.touchpointId}
        onChange={(v) => onChange({ ...value, touchpointId: v || undefined })}
        options={(tps.data ?? []).map((tp) => ({
          value: tp.id,
          label: i18n.language === 'en' && tp.nameEn ? tp.nameEn : tp.name,
        }))}
      />
      <Select
        style={{ minWidth: 120 }}
        value={value.days}
        onChange={(days) => onChange({ ...value, days })}
        options={[7, 30, 90, 180, 365].map((d) => ({ value: d, label: t('lastDays', { n: d }) }))}
      />
      <Select
        style={{ minWidth: 130 }}
        allowClear
        placeholder={t('allSources')}
        value={value.source}
        onChange={(v) => onChange({ ...value, source: v || undefined })}
        options={[
          { value: 'response', label: t('src.response') },
          { value: 'feedback', label: t('src.feedback') },
        ]}
      />
      <Select
        mode="multiple"
        style={{ minWidth: 180, maxWidth: '100%' }}
        allowClear
        placeholder={t('allTriage')}
        value={value.triage ?? []}
        onChange={(v: Triage[]) => onChange({ ...value, triage: v.length ? v : undefined })}
        options={TRIAGE_ORDER.map((c) => ({ value: c, label: t(`triage.${c}`) }))}
        data-testid="text-triage"
      />
    </Space>
  );
}

/** Default filters: the last 30 days. */
export const defaultFilters = (tz: string): TextFilters => ({ days: 30, tz });
