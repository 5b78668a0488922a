import {
  choiceLabel,
  formatAnswer,
  LIST_SEPARATOR,
  localText,
  questionTitle,
  type SurveyQuestion,
  surveyQuestions,
  type TResponseExportOptions,
  type TUiLang,
} from '@loopcx/shared';

/** One response as the export reads it (`export-responses.ts` selects it). */
export interface ExportRow {
  id: string;
  survey_name: string;
  version: number;
  unit_code: string | null;
  unit_name: string | null;
  unit_name_en: string | null;
  touchpoint_name: string | null;
  touchpoint_name_en: string | null;
  customer_ref: string | null;
  channel: string;
  answers: Record<string, unknown>;
  scores: Record<string, number>;
  submitted_at: Date | string;
  sentiments: string[] | null;
  topics: Array<{ name: string; nameEn: string | null }> | null;
}

/** A column of the export: its key (second header row), its title in the chosen language and its cell. */
export interface ExportColumn {
  key: string;
  title: string;
  cell: (r: ExportRow) => string | number | Date | null;
}

const FIXED: Record<string, Record<TUiLang, string>> = {
  id: { 'zh-CN': '答卷编号', en: 'Response ID' },
  submitted_at: { 'zh-CN': '提交时间', en: 'Submitted at' },
  survey: { 'zh-CN': '问卷', en: 'Survey' },
  version: { 'zh-CN': '问卷版本', en: 'Survey version' },
  unit_code: { 'zh-CN': '组织编码', en: 'Unit code' },
  unit_name: { 'zh-CN': '组织', en: 'Unit' },
  touchpoint: { 'zh-CN': '触点', en: 'Touchpoint' },
  channel: { 'zh-CN': '渠道', en: 'Channel' },
  customer: { 'zh-CN': '客户', en: 'Customer' },
  nps: { 'zh-CN': 'NPS 得分', en: 'NPS score' },
  nps_category: { 'zh-CN': 'NPS 分类', en: 'NPS category' },
  csat: { 'zh-CN': 'CSAT 得分', en: 'CSAT score' },
  ces: { 'zh-CN': 'CES 得分', en: 'CES score' },
  sentiment: { 'zh-CN': '情感', en: 'Sentiment' },
  topics: { 'zh-CN': '话题', en: 'Topics' },
};
const NPS_CATEGORY: Record<TUiLang, [string, string, string]> = {
  'zh-CN': ['推荐者', '被动者', '贬损者'],
  en: ['Promoter', 'Passive', 'Detractor'],
};
const SENTIMENT: Record<TUiLang, Record<string, string>> = {
  'zh-CN': { positive: '正面', neutral: '中性', negative: '负面' },
  en: { positive: 'Positive', neutral: 'Neutral', negative: 'Negative' },
};
const CHANNEL: Record<TUiLang, Record<string, string>> = {
  'zh-CN': { qr: '二维码', personal: '个性化链接', link: '公开链接', api: 'API 接入', import: '历史导入' },
  en: { qr: 'QR code', personal: 'Personal link', link: 'Public link', api: 'API', import: 'Historical import' },
};
const VALUE_SUFFIX: Record<TUiLang, string> = { 'zh-CN': '（值）', en: ' (value)' };

/**
 * The union of the questions of several survey definitions: the first definition's order (pass the newest version
 * first), then questions only older versions had, in their order. A question keeps the newest title it has.
 */
export function unionQuestions(definitions: unknown[]): SurveyQuestion[] {
  const seen = new Map<string, SurveyQuestion>();
  for (const d of definitions) for (const q of surveyQuestions(d)) if (!seen.has(q.name)) seen.set(q.name, q);
  return [...seen.values()];
}

/** Wall-clock time in a time zone, as a Date whose UTC fields hold it (what a spreadsheet cell shows). */
export function wallClock(at: Date | string, timeZone: string): Date {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return new Date(Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')));
}

/** `YYYY-MM-DD HH:mm:ss` of a wall-clock Date (CSV cells; Excel and WPS read it as a date-time). */
export const wallClockText = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

/**
 * The columns of an export: fixed columns (id, time in the tenant's time zone, survey and version, unit, touchpoint,
 * channel, customer, NPS score and category, CSAT, CES, sentiment, topics), then one column per question in survey
 * order. A matrix row, a multiple-text item and (with `multi: 'split'`) a choice of a multi-select question get a
 * column of their own; `values: 'both'` adds a value column after each choice question's label column.
 */
export function exportColumns(
  questions: SurveyQuestion[],
  opts: TResponseExportOptions & { lang: TUiLang },
  timeZone: string,
  dateCell: (d: Date) => string | Date,
): ExportColumn[] {
  const lang = opts.lang;
  const fixed = (key: string, cell: ExportColumn['cell']): ExportColumn => ({ key, title: FIXED[key][lang], cell });
  const cols: ExportColumn[] = [
    fixed('id', (r) => r.id),
    fixed('submitted_at', (r) => dateCell(wallClock(r.submitted_at, timeZone))),
    fixed('survey', (r) => r.survey_name),
    fixed('version', (r) => r.version),
    fixed('unit_code', (r) => r.unit_code),
    fixed('unit_name', (r) => (lang === 'en' ? (r.unit_name_en ?? r.unit_name) : r.unit_name)),
    fixed('touchpoint', (r) => (lang === 'en' ? (r.touchpoint_name_en ?? r.touchpoint_name) : r.touchpoint_name)),
    fixed('channel', (r) => CHANNEL[lang][r.channel] ?? r.channel),
    fixed('customer', (r) => r.customer_ref),
    fixed('nps', (r) => r.scores.nps ?? null),
    fixed('nps_category', (r) => {
      const s = r.scores.nps;
      if (s === undefined || s === null) return null;
      return NPS_CATEGORY[lang][s >= 9 ? 0 : s >= 7 ? 1 : 2];
    }),
    fixed('csat', (r) => r.scores.csat ?? null),
    fixed('ces', (r) => r.scores.ces ?? null),
    fixed('sentiment', (r) => (r.sentiments ?? []).map((s) => SENTIMENT[lang][s] ?? s).join(LIST_SEPARATOR) || null),
    fixed(
      'topics',
      (r) => (r.topics ?? []).map((t) => (lang === 'en' ? (t.nameEn ?? t.name) : t.name)).join(LIST_SEPARATOR) || null,
    ),
  ];
  const text = (v: string) => v || null;
  for (const q of questions) {
    const title = questionTitle(q, lang);
    const sub = (list: SurveyQuestion['rows']) =>
      list.map((o) => ({ value: o.value, title: `${title} - ${localText(o.text, lang) ?? o.value}` }));
    const part = (r: ExportRow, k: string) => (r.answers[q.name] as Record<string, unknown> | undefined)?.[k];
    if (q.rows.length) {
      for (const row of sub(q.rows))
        cols.push({
          key: `${q.name}.${row.value}`,
          title: row.title,
          cell: (r) => {
            const v = part(r, row.value);
            if (v === undefined || v === null) return null;
            if (q.type !== 'matrix') return typeof v === 'object' ? formatAnswer(undefined, v, lang) : String(v);
            return opts.values === 'values' ? String(v) : choiceLabel(q, v, lang);
          },
        });
      continue;
    }
    if (q.items.length) {
      for (const item of sub(q.items))
        cols.push({
          key: `${q.name}.${item.value}`,
          title: item.title,
          cell: (r) => text(String(part(r, item.value) ?? '')),
        });
      continue;
    }
    if (q.multi && opts.multi === 'split' && q.choices.length) {
      for (const c of q.choices)
        cols.push({
          key: `${q.name}.${c.value}`,
          title: `${title} - ${localText(c.text, lang) ?? c.value}`,
          cell: (r) => {
            const v = r.answers[q.name];
            if (!Array.isArray(v)) return null;
            // A ranking keeps the rank (1 = first); a checkbox says chosen (1) or not (0).
            const at = v.map(String).indexOf(c.value);
            return q.type === 'ranking' ? (at < 0 ? null : at + 1) : at < 0 ? 0 : 1;
          },
        });
      continue;
    }
    const choiceLike = q.choices.length > 0 || q.type === 'boolean';
    const raw = (r: ExportRow) => {
      const v = r.answers[q.name];
      if (v === undefined || v === null || v === '') return null;
      return Array.isArray(v) ? v.map(String).join(LIST_SEPARATOR) : typeof v === 'object' ? JSON.stringify(v) : v;
    };
    const labelled = (r: ExportRow) => {
      const v = r.answers[q.name];
      if (typeof v === 'number') return v;
      const s = formatAnswer(q, v, lang);
      const other = r.answers[`${q.name}-Comment`];
      return text(typeof other === 'string' && other ? `${s}${s ? ' — ' : ''}${other}` : s);
    };
    const asValue = (r: ExportRow) => {
      const v = raw(r);
      return typeof v === 'boolean' ? String(v) : (v as string | number | null);
    };
    if (!choiceLike) {
      cols.push({ key: q.name, title, cell: labelled });
    } else if (opts.values === 'values') {
      cols.push({ key: q.name, title, cell: asValue });
    } else {
      cols.push({ key: q.name, title, cell: labelled });
      if (opts.values === 'both')
        cols.push({ key: `${q.name}#value`, title: `${title}${VALUE_SUFFIX[lang]}`, cell: asValue });
    }
  }
  return cols;
}
