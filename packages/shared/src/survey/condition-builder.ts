/**
 * The alert-rule condition builder's model: rows of (field, operator, value) joined by AND or OR, turned into the
 * SurveyJS expression the server evaluates, and parsed back when an expression stays inside that subset (no
 * parentheses, one kind of join, `{field} op value` clauses). Anything else stays in the advanced (text) view.
 */

export const BUILDER_OPS = [
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'contains',
  'notcontains',
  'anyof',
  'empty',
  'notempty',
] as const;
export type TBuilderOp = (typeof BUILDER_OPS)[number];

/** One row: a variable (`nps`, `csat`, `sentiment`, a question key, `customer.tier`), an operator and a value. */
export interface TConditionRow {
  field: string;
  op: TBuilderOp;
  /** Numbers stay numbers; `anyof` takes a list; `empty`/`notempty` none. */
  value?: string | number | Array<string | number>;
}

export interface TConditionGroup {
  join: 'and' | 'or';
  rows: TConditionRow[];
}

const literal = (v: string | number) => (typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "\\'")}'`);

/** The SurveyJS expression of a builder group (rows without a field are left out). */
export function buildExpression(g: TConditionGroup): string {
  return g.rows
    .filter((r) => r.field)
    .map((r) => {
      const f = `{${r.field}}`;
      if (r.op === 'empty' || r.op === 'notempty') return `${f} ${r.op}`;
      if (r.op === 'anyof') {
        const list = Array.isArray(r.value) ? r.value : r.value === undefined ? [] : [r.value];
        return `${f} anyof [${list.map(literal).join(', ')}]`;
      }
      const v = Array.isArray(r.value) ? r.value[0] : r.value;
      return `${f} ${r.op} ${literal(v ?? '')}`;
    })
    .join(` ${g.join} `);
}

const TOKEN =
  /\s*(?:(\{[\w.:-]+\})|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?)|(<=|>=|!=|<>|==|=|<|>)|(\[)|(\])|(,)|([A-Za-z_]+))/y;

type Tok =
  | { k: 'field'; v: string }
  | { k: 'str'; v: string }
  | { k: 'num'; v: number }
  | { k: 'op'; v: string }
  | { k: 'word'; v: string }
  | { k: '[' | ']' | ',' };

function tokenize(s: string): Tok[] | null {
  const out: Tok[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < s.length) {
    if (/^\s*$/.test(s.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(s);
    if (!m) return null;
    at = TOKEN.lastIndex;
    if (m[1]) out.push({ k: 'field', v: m[1].slice(1, -1) });
    else if (m[2]) out.push({ k: 'str', v: m[2].slice(1, -1).replace(/\\(.)/g, '$1') });
    else if (m[3]) out.push({ k: 'num', v: Number(m[3]) });
    else if (m[4]) out.push({ k: 'op', v: m[4] === '==' ? '=' : m[4] === '<>' ? '!=' : m[4] });
    else if (m[5]) out.push({ k: '[' });
    else if (m[6]) out.push({ k: ']' });
    else if (m[7]) out.push({ k: ',' });
    else out.push({ k: 'word', v: m[8].toLowerCase() });
  }
  return out;
}

/** The builder rows of an expression, or null when it is outside the builder's subset (edit it as text). */
export function parseExpression(expression: string): TConditionGroup | null {
  const toks = tokenize(expression.trim());
  if (!toks || toks.length === 0) return null;
  const rows: TConditionRow[] = [];
  let join: 'and' | 'or' | null = null;
  let i = 0;
  const value = (): string | number | undefined => {
    const t = toks[i];
    if (t?.k === 'str' || t?.k === 'num') {
      i++;
      return t.v;
    }
    return undefined;
  };
  for (;;) {
    const f = toks[i++];
    if (f?.k !== 'field') return null;
    const o = toks[i++];
    let row: TConditionRow;
    if (o?.k === 'op') {
      const v = value();
      if (v === undefined) return null;
      row = { field: f.v, op: o.v as TBuilderOp, value: v };
    } else if (o?.k === 'word' && (o.v === 'empty' || o.v === 'notempty')) {
      row = { field: f.v, op: o.v };
    } else if (o?.k === 'word' && (o.v === 'contains' || o.v === 'notcontains')) {
      const v = value();
      if (v === undefined) return null;
      row = { field: f.v, op: o.v, value: v };
    } else if (o?.k === 'word' && o.v === 'anyof') {
      if (toks[i++]?.k !== '[') return null;
      const list: Array<string | number> = [];
      for (;;) {
        const v = value();
        if (v === undefined) return null;
        list.push(v);
        const sep = toks[i++];
        if (sep?.k === ']') break;
        if (sep?.k !== ',') return null;
      }
      row = { field: f.v, op: 'anyof', value: list };
    } else return null;
    rows.push(row);
    const j = toks[i++];
    if (!j) break;
    if (j.k !== 'word' || (j.v !== 'and' && j.v !== 'or')) return null;
    if (join && join !== j.v) return null;
    join = j.v;
  }
  return { join: join ?? 'and', rows };
}
