import {
  localText,
  reasonText,
  type SurveyQuestion,
  startOfDay,
  type TImportProblem,
  type TImportTarget,
  type TReason,
} from '@loopcx/shared';
import type { Cell } from './source.ts';

/**
 * Headers of the on-demand export's fixed columns (responses/export-columns.ts), in both languages, and what they
 * become on import: the response id makes a re-import of an export idempotent, unit code and time are the
 * response's own, the derived columns (scores, sentiment, topics, names) are recomputed by ingest.
 */
const FIXED: Record<string, { target: TImportTarget; names: string[] }> = {
  id: { target: 'externalId', names: ['答卷编号', 'response id', 'id', 'external id', '外部编号', '编号'] },
  submitted_at: {
    target: 'submittedAt',
    names: ['提交时间', 'submitted at', 'submittedat', 'submitted_at', '时间', 'time', 'date', '日期'],
  },
  unit_code: {
    target: 'unitCode',
    names: ['组织编码', 'unit code', 'unitcode', 'orgunitcode', 'store code', '门店编码', '门店代码'],
  },
  customer: { target: 'customer', names: ['客户', 'customer', 'member id', '会员号', '会员编号', 'customer id'] },
  survey: { target: 'ignore', names: ['问卷', 'survey'] },
  version: { target: 'ignore', names: ['问卷版本', 'survey version'] },
  unit_name: { target: 'ignore', names: ['组织', 'unit'] },
  touchpoint: { target: 'ignore', names: ['触点', 'touchpoint'] },
  channel: { target: 'ignore', names: ['渠道', 'channel'] },
  nps: { target: 'ignore', names: ['nps 得分', 'nps score'] },
  nps_category: { target: 'ignore', names: ['nps 分类', 'nps category'] },
  csat: { target: 'ignore', names: ['csat 得分', 'csat score'] },
  ces: { target: 'ignore', names: ['ces 得分', 'ces score'] },
  sentiment: { target: 'ignore', names: ['情感', 'sentiment'] },
  topics: { target: 'ignore', names: ['话题', 'topics'] },
};

const norm = (s: string) =>
  s
    .replace(/\s*\((?:[A-Za-z_]+\/[A-Za-z_/+-]+|UTC)\)\s*$/, '') // a time zone the export appends
    .replace(/[（(][^）)]*值[）)]$|\s*\(value\)$/i, '') // "（值）" / " (value)" columns
    .trim()
    .toLowerCase();

/** What one column can be, by question key or title, in both languages (sub-questions as `title - row`). */
export function columnCandidates(questions: SurveyQuestion[]) {
  const byName = new Map<string, TImportTarget>();
  const byKey = new Map<string, TImportTarget>();
  const add = (target: TImportTarget, key: string, titles: Array<string | undefined>) => {
    byKey.set(key.toLowerCase(), target);
    for (const t of titles) if (t && !byName.has(norm(t))) byName.set(norm(t), target);
  };
  for (const q of questions) {
    const zh = localText(q.title, 'zh-CN');
    const en = localText(q.title, 'en');
    const subs = q.rows.length ? q.rows : q.items;
    if (subs.length) {
      for (const s of subs)
        add(`q:${q.name}.${s.value}`, `${q.name}.${s.value}`, [
          `${zh ?? q.name} - ${localText(s.text, 'zh-CN') ?? s.value}`,
          `${en ?? q.name} - ${localText(s.text, 'en') ?? s.value}`,
        ]);
      continue;
    }
    add(`q:${q.name}`, q.name, [zh, en, q.name]);
  }
  for (const [key, f] of Object.entries(FIXED)) {
    // A fixed key never shadows a question of the same name (an export's "nps" score column vs. a question nps).
    if (!byKey.has(key)) byKey.set(key, f.target);
  }
  return { byName, byKey };
}

/** True when a row looks like the export's key row: most of its filled cells are known keys. */
export function isKeyRow(cells: Cell[], questions: SurveyQuestion[]): boolean {
  const { byKey } = columnCandidates(questions);
  const filled = cells.filter((c) => typeof c === 'string' && c.trim());
  if (!filled.length) return false;
  const known = filled.filter((c) => byKey.has(String(c).trim().toLowerCase()) || String(c).trim() in FIXED);
  return known.length >= Math.max(2, Math.ceil(filled.length * 0.6));
}

/**
 * Suggests a target per column: the export's fixed titles first (both languages), then a `[key]` in the header, the
 * key row's key, a question title (zh-CN or en), a question key; `ignore` otherwise. A target is suggested once.
 */
export function suggestMapping(headers: string[], keys: Cell[] | null, questions: SurveyQuestion[]): TImportTarget[] {
  const { byName, byKey } = columnCandidates(questions);
  const fixedByName = new Map<string, TImportTarget>();
  for (const f of Object.values(FIXED)) for (const n of f.names) fixedByName.set(n, f.target);
  const used = new Set<string>();
  return headers.map((h, i) => {
    const bracket = /\[([^\]]+)\]\s*$/.exec(h)?.[1];
    const title = norm(h.replace(/\s*\[[^\]]+\]\s*$/, ''));
    const key = (bracket ?? (keys?.[i] != null ? String(keys[i]) : '')).trim().toLowerCase();
    const fixed = fixedByName.get(title);
    const target =
      (fixed && fixed !== 'ignore' ? fixed : undefined) ??
      (fixed === 'ignore' ? 'ignore' : undefined) ??
      (key ? byKey.get(key) : undefined) ??
      byName.get(title) ??
      byKey.get(title) ??
      'ignore';
    if (target !== 'ignore' && used.has(target)) return 'ignore';
    used.add(target);
    return target;
  });
}

const text = (c: Cell) => (c === null || c === undefined ? '' : c instanceof Date ? c.toISOString() : String(c).trim());

const YES = new Set(['true', '1', 'yes', 'y', '是', '对', '√']);
const NO = new Set(['false', '0', 'no', 'n', '否', '不是', '×']);

/** A choice value from a cell holding the value or a label in any language. */
function choiceValue(q: SurveyQuestion, raw: string): string | undefined {
  const lower = raw.toLowerCase();
  for (const c of q.choices) {
    if (c.value.toLowerCase() === lower) return c.value;
    const t = c.text;
    const labels = typeof t === 'string' ? [t] : t ? Object.values(t) : [];
    if (labels.some((l) => typeof l === 'string' && l.trim().toLowerCase() === lower)) return c.value;
  }
  if (lower === 'other' || lower === '其他') return 'other';
  return undefined;
}

/** One cell as the answer of question `q` (a sub-answer when `sub` is given), or the reason it cannot be. */
function answerOf(q: SurveyQuestion, sub: string | undefined, cell: Cell): { value?: unknown; reason?: TReason } {
  const raw = text(cell);
  if (sub !== undefined) {
    if (q.type === 'matrix') {
      const v = choiceValue(q, raw);
      return v === undefined
        ? { reason: { code: 'cell.not_matrix_column', params: { value: raw, question: q.name } } }
        : { value: v };
    }
    return { value: typeof cell === 'number' ? cell : raw };
  }
  if (q.type === 'boolean') {
    const l = raw.toLowerCase();
    const yesLabel = [q.labelTrue].flatMap((t) => (typeof t === 'string' ? [t] : t ? Object.values(t) : []));
    const noLabel = [q.labelFalse].flatMap((t) => (typeof t === 'string' ? [t] : t ? Object.values(t) : []));
    if (YES.has(l) || yesLabel.some((x) => x?.toLowerCase() === l)) return { value: true };
    if (NO.has(l) || noLabel.some((x) => x?.toLowerCase() === l)) return { value: false };
    return { reason: { code: 'cell.not_yes_no', params: { value: raw } } };
  }
  if (q.multi) {
    const parts = raw
      .split(/\s*[;；]\s*|\s*\n\s*/)
      .map((p) => p.replace(/^\d+\.\s*/, ''))
      .filter(Boolean);
    const values: string[] = [];
    for (const p of parts) {
      const v = choiceValue(q, p);
      if (v === undefined) return { reason: { code: 'cell.not_choice', params: { value: p, question: q.name } } };
      values.push(v);
    }
    return { value: values };
  }
  if (q.choices.length) {
    const v = choiceValue(q, raw);
    if (v === undefined) return { reason: { code: 'cell.not_choice', params: { value: raw, question: q.name } } };
    // Numeric choice values stay numbers when the cell was one (a rating given as a dropdown).
    return { value: v };
  }
  if (q.type === 'rating' || typeof cell === 'number') {
    const n = typeof cell === 'number' ? cell : Number(raw);
    if (q.type === 'rating' && (raw === '' || Number.isNaN(n)))
      return { reason: { code: 'cell.not_number', params: { value: raw } } };
    return { value: Number.isNaN(n) ? raw : n };
  }
  return { value: raw };
}

const WALL = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * A submitted time from a cell: an ISO time with an offset as given; a wall-clock time (`2026-03-01 09:30[:00]`,
 * `2026/3/1`, a spreadsheet date) in `timeZone` (the export writes the tenant's wall clock).
 */
export function parseTime(cell: Cell, timeZone: string): Date | undefined {
  if (cell instanceof Date) {
    // Spreadsheet dates carry the wall clock in their UTC fields.
    const day = cell.toISOString().slice(0, 10);
    return new Date(startOfDay(timeZone, day).getTime() + (cell.getTime() % 86_400_000));
  }
  const raw = text(cell);
  if (!raw) return undefined;
  if (/[zZ]$|[+-]\d{2}:?\d{2}$/.test(raw) && raw.includes('T')) {
    const t = Date.parse(raw);
    return Number.isNaN(t) ? undefined : new Date(t);
  }
  const m = WALL.exec(raw);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  const day = `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
  if (Number(mo) > 12 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const start = startOfDay(timeZone, day);
  if (Number.isNaN(start.getTime())) return undefined;
  return new Date(start.getTime() + ((Number(h) * 60 + Number(mi)) * 60 + Number(s)) * 1000);
}

/**
 * A problem of a row (column 0) or of one cell (1-based column): the English reason, and its code and parameters
 * for the console and the reject report to say it in the reader's language.
 */
export function importProblem(row: number, column: number, headers: string[], reason: TReason): TImportProblem {
  return {
    row,
    column,
    columnName: column > 0 ? (headers[column - 1] ?? null) : null,
    reason: reasonText(reason),
    code: reason.code,
    ...(reason.params ? { params: reason.params } : {}),
  };
}

/** A row converted by a mapping: what the response will be, and the cells that could not be read. */
export interface ConvertedRow {
  answers: Record<string, unknown>;
  submittedAt?: Date;
  unitCode?: string;
  customer?: string;
  externalId?: string;
  problems: TImportProblem[];
}

/** Applies a mapping to one row (pure; the survey version's own rules run afterwards, in ingest). */
export function convertRow(
  row: number,
  cells: Cell[],
  columns: TImportTarget[],
  headers: string[],
  questions: Map<string, SurveyQuestion>,
  timeZone: string,
): ConvertedRow {
  const out: ConvertedRow = { answers: {}, problems: [] };
  const problem = (i: number, reason: TReason) => out.problems.push(importProblem(row, i + 1, headers, reason));
  for (let i = 0; i < columns.length; i++) {
    const target = columns[i];
    if (target === 'ignore') continue;
    const cell = cells[i] ?? null;
    const raw = text(cell);
    if (target === 'submittedAt') {
      if (!raw) continue;
      const t = parseTime(cell, timeZone);
      if (!t) problem(i, { code: 'cell.not_time', params: { value: raw } });
      else out.submittedAt = t;
      continue;
    }
    if (!raw) continue;
    if (raw.length > 10_000) {
      problem(i, { code: 'cell.too_long' });
      continue;
    }
    if (target === 'unitCode') out.unitCode = raw;
    else if (target === 'customer') out.customer = raw.slice(0, 200);
    else if (target === 'externalId') out.externalId = raw;
    else {
      const spec = target.slice(2);
      const dot = spec.indexOf('.');
      const name = questions.has(spec) || dot < 0 ? spec : spec.slice(0, dot);
      const sub = name === spec ? undefined : spec.slice(dot + 1);
      const q = questions.get(name);
      if (!q) {
        problem(i, { code: 'cell.no_question', params: { question: name } });
        continue;
      }
      const a = answerOf(q, sub, cell);
      if (a.reason) problem(i, a.reason);
      else if (sub !== undefined)
        out.answers[name] = { ...((out.answers[name] as Record<string, unknown>) ?? {}), [sub]: a.value };
      else out.answers[name] = a.value;
    }
  }
  return out;
}
