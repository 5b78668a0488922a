/**
 * A small evaluator for the SurveyJS expression forms CX surveys use in visibleIf / enableIf / requiredIf:
 * `{q}`, `{q.a}`, `{context.categories}`, numbers, 'strings', true/false, arrays ['a','b'], = == != <> > < >= <=
 * (and equal, notequal, greater, less, greaterorequal, lessorequal), contains / notcontains, anyof / allof,
 * empty / notempty, and / && / or / || / !, + - * / % and parentheses (no word `not`: survey-core rejects it too).
 * It runs in the respondent's browser (a few KB instead of survey-core's ~326 KB) and is tested for agreement
 * with survey-core's ConditionRunner on generated cases (expression.test.ts). Anything it cannot parse makes
 * the survey use the full SurveyJS renderer instead (see `isLeanCompatible`).
 */

type Node =
  | { k: 'lit'; v: unknown }
  | { k: 'var'; path: string }
  | { k: 'arr'; items: Node[] }
  | { k: 'un'; op: 'not' | 'neg' | 'empty' | 'notempty'; a: Node }
  | { k: 'bin'; op: string; a: Node; b: Node };

const WORD_OPS: Record<string, string> = {
  and: '&&',
  or: '||',
  equal: '=',
  notequal: '!=',
  greater: '>',
  less: '<',
  greaterorequal: '>=',
  lessorequal: '<=',
  contains: 'contains',
  notcontains: 'notcontains',
  anyof: 'anyof',
  allof: 'allof',
  empty: 'empty',
  notempty: 'notempty',
};

type Tok = { t: 'num' | 'str' | 'var' | 'op' | 'word' | 'p' | 'b' | ','; v: string };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '{') {
      const j = src.indexOf('}', i);
      if (j < 0) throw new Error('unclosed {');
      out.push({ t: 'var', v: src.slice(i + 1, j).trim() });
      i = j + 1;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\' && j + 1 < src.length) j++;
        s += src[j++];
      }
      if (j >= src.length) throw new Error('unclosed string');
      out.push({ t: 'str', v: s });
      i = j + 1;
      continue;
    }
    const num = /^\d+(\.\d+)?/.exec(src.slice(i));
    if (num) {
      out.push({ t: 'num', v: num[0] });
      i += num[0].length;
      continue;
    }
    const op = /^(==|!=|<>|>=|<=|&&|\|\||[=<>!+\-*/%])/.exec(src.slice(i));
    if (op) {
      out.push({ t: 'op', v: op[0] === '==' ? '=' : op[0] === '<>' ? '!=' : op[0] });
      i += op[0].length;
      continue;
    }
    if (c === '(' || c === ')') {
      out.push({ t: 'p', v: c });
      i++;
      continue;
    }
    if (c === '[' || c === ']') {
      out.push({ t: 'b', v: c });
      i++;
      continue;
    }
    if (c === ',') {
      out.push({ t: ',', v: c });
      i++;
      continue;
    }
    const word = /^[A-Za-z_]\w*/.exec(src.slice(i));
    if (word) {
      out.push({ t: 'word', v: word[0] });
      i += word[0].length;
      continue;
    }
    throw new Error(`unexpected ${c}`);
  }
  return out;
}

function parse(src: string): Node {
  const toks = tokenize(src);
  let p = 0;
  const peek = () => toks[p];
  const opOf = (tk?: Tok) => (tk?.t === 'op' ? tk.v : tk?.t === 'word' ? WORD_OPS[tk.v.toLowerCase()] : undefined);
  const expect = (t: Tok['t'], v?: string) => {
    const tk = toks[p++];
    if (!tk || tk.t !== t || (v && tk.v !== v)) throw new Error(`expected ${v ?? t}`);
  };
  const orExpr = (): Node => {
    let a = andExpr();
    while (opOf(peek()) === '||') {
      p++;
      a = { k: 'bin', op: '||', a, b: andExpr() };
    }
    return a;
  };
  const andExpr = (): Node => {
    let a = notExpr();
    while (opOf(peek()) === '&&') {
      p++;
      a = { k: 'bin', op: '&&', a, b: notExpr() };
    }
    return a;
  };
  const notExpr = (): Node => {
    if (opOf(peek()) === '!') {
      p++;
      return { k: 'un', op: 'not', a: notExpr() };
    }
    return cmpExpr();
  };
  const CMP = new Set(['=', '!=', '>', '<', '>=', '<=', 'contains', 'notcontains', 'anyof', 'allof']);
  const cmpExpr = (): Node => {
    let a = addExpr();
    for (;;) {
      const op = opOf(peek());
      if (op === 'empty' || op === 'notempty') {
        p++;
        a = { k: 'un', op, a };
        continue;
      }
      if (op && CMP.has(op)) {
        p++;
        a = { k: 'bin', op, a, b: addExpr() };
        continue;
      }
      return a;
    }
  };
  const addExpr = (): Node => {
    let a = mulExpr();
    while (peek()?.t === 'op' && (peek().v === '+' || peek().v === '-')) {
      const op = toks[p++].v;
      a = { k: 'bin', op, a, b: mulExpr() };
    }
    return a;
  };
  const mulExpr = (): Node => {
    let a = unary();
    while (peek()?.t === 'op' && ['*', '/', '%'].includes(peek().v)) {
      const op = toks[p++].v;
      a = { k: 'bin', op, a, b: unary() };
    }
    return a;
  };
  const unary = (): Node => {
    if (peek()?.t === 'op' && peek().v === '-') {
      p++;
      return { k: 'un', op: 'neg', a: unary() };
    }
    return primary();
  };
  const primary = (): Node => {
    const tk = toks[p++];
    if (!tk) throw new Error('unexpected end');
    if (tk.t === 'num') return { k: 'lit', v: Number(tk.v) };
    if (tk.t === 'str') return { k: 'lit', v: tk.v };
    if (tk.t === 'var') return { k: 'var', path: tk.v };
    if (tk.t === 'p' && tk.v === '(') {
      const e = orExpr();
      expect('p', ')');
      return e;
    }
    if (tk.t === 'b' && tk.v === '[') {
      const items: Node[] = [];
      if (!(peek()?.t === 'b' && peek().v === ']')) {
        items.push(orExpr());
        while (peek()?.t === ',') {
          p++;
          items.push(orExpr());
        }
      }
      expect('b', ']');
      return { k: 'arr', items };
    }
    if (tk.t === 'word') {
      const w = tk.v.toLowerCase();
      if (w === 'true' || w === 'false') return { k: 'lit', v: w === 'true' };
      if (w === 'null' || w === 'undefined') return { k: 'lit', v: null };
    }
    throw new Error(`unexpected ${tk.v}`);
  };
  const node = orExpr();
  if (p !== toks.length) throw new Error(`unexpected ${toks[p].v}`);
  return node;
}

function lookup(values: Record<string, unknown>, path: string): unknown {
  let cur: unknown = values;
  for (const part of path.split('.')) {
    if (cur === null || cur === undefined) return undefined;
    const m = /^(.*?)\[(\d+)\]$/.exec(part);
    cur = m
      ? ((cur as Record<string, unknown>)[m[1]] as unknown[] | undefined)?.[Number(m[2])]
      : (cur as Record<string, unknown>)[part];
  }
  return cur;
}

const isEmptyValue = (v: unknown) =>
  v === undefined ||
  v === null ||
  v === '' ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v as object).length === 0);
const isNumeric = (v: unknown) =>
  (typeof v === 'number' && Number.isFinite(v)) ||
  (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)));
const asNumber = (v: unknown) => (isNumeric(v) ? Number(v) : undefined);
const isObject = (v: unknown) => typeof v === 'object' && v !== null;

// The comparison rules below mirror survey-core's Helpers.isTwoValueEquals and OperandMaker so that a
// condition means the same in the browser (lean runtime) as on the server (survey-core).

/** Equality: trimmed case-insensitive strings, numeric strings equal numbers, arrays compared ignoring order. */
function equals(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (Array.isArray(x) && x.length === 0 && y === undefined) return true;
  if (Array.isArray(y) && y.length === 0 && x === undefined) return true;
  if ((x === undefined || x === null) && y === '') return true;
  if ((y === undefined || y === null) && x === '') return true;
  if (typeof x === 'string' && typeof y === 'string') return x.trim().toLowerCase() === y.trim().toLowerCase();
  if (isNumeric(x) && isNumeric(y) && Number(x) === Number(y)) return true;
  if (isEmptyValue(x) !== isEmptyValue(y)) return false;
  if (typeof x === 'boolean' && typeof y === 'string') return String(x) === y.toLowerCase();
  if (typeof y === 'boolean' && typeof x === 'string') return String(y) === x.toLowerCase();
  // biome-ignore lint/suspicious/noDoubleEquals: survey-core compares scalars loosely
  if (!isObject(x) && !isObject(y)) return x == y;
  if (!isObject(x) || !isObject(y)) return false;
  if (Array.isArray(x) && Array.isArray(y)) {
    if (x.length !== y.length) return false;
    const key = (v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase() : (JSON.stringify(v) ?? ''));
    const xs = [...x].sort((a, b) => key(a).localeCompare(key(b)));
    const ys = [...y].sort((a, b) => key(a).localeCompare(key(b)));
    return xs.every((a, i) => equals(a, ys[i]));
  }
  if (Array.isArray(x) || Array.isArray(y)) return false;
  const kx = Object.keys(x as object);
  const ky = Object.keys(y as object);
  return (
    kx.length === ky.length &&
    kx.every((k) => equals((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]))
  );
}

/** survey-core's containsCore (survey.core.js OperandMaker): substring for scalars, membership for arrays. */
function containsCore(left: unknown, right: unknown, isContains: boolean): boolean {
  if (Array.isArray(left) && !left.length) return !isContains;
  if (!left && left !== 0 && left !== false) return false;
  let l: unknown = left;
  if (!(l as { length?: number }).length) l = String(l);
  if (typeof l === 'string') {
    if (!right) return false;
    const found = l.toLowerCase().indexOf(String(right).toLowerCase()) > -1;
    return isContains ? found : !found;
  }
  const items = l as unknown[];
  for (const one of Array.isArray(right) ? right : [right]) {
    if (!items.some((x) => equals(x, one))) return !isContains;
  }
  return isContains;
}
const contains = (left: unknown, right: unknown) => containsCore(left, right, true);
const notcontains = (left: unknown, right: unknown) =>
  !left && !isEmptyValue(right) ? true : containsCore(left, right, false);

function anyof(left: unknown, right: unknown): boolean {
  if (isEmptyValue(left) && isEmptyValue(right)) return true;
  if (isEmptyValue(left) || (!Array.isArray(left) && (left as { length?: number }).length === 0)) return false;
  if (isEmptyValue(right)) return true;
  if (!Array.isArray(left)) return contains(right, left);
  if (!Array.isArray(right)) return contains(left, right);
  return right.some((r) => contains(left, r));
}

function allof(left: unknown, right: unknown): boolean {
  if (!left && !isEmptyValue(right)) return false;
  if (!Array.isArray(right)) return contains(left, right);
  return right.every((r) => contains(left, r));
}

/** Ordering: JavaScript's own comparison after null checks, as survey-core does. */
function greater(a: unknown, b: unknown): boolean {
  if (a === undefined || a === null || b === undefined || b === null) return false;
  return (a as number) > (b as number);
}
function less(a: unknown, b: unknown): boolean {
  if (a === undefined || a === null || b === undefined || b === null) return false;
  return (a as number) < (b as number);
}

function ev(n: Node, values: Record<string, unknown>): unknown {
  switch (n.k) {
    case 'lit':
      return n.v;
    case 'var':
      return lookup(values, n.path);
    case 'arr':
      return n.items.map((i) => ev(i, values));
    case 'un': {
      const a = ev(n.a, values);
      if (n.op === 'not') return !a;
      if (n.op === 'neg') return -(asNumber(a) ?? 0);
      return n.op === 'empty' ? isEmptyValue(a) : !isEmptyValue(a);
    }
    case 'bin': {
      if (n.op === '&&') return !!ev(n.a, values) && !!ev(n.b, values);
      if (n.op === '||') return !!ev(n.a, values) || !!ev(n.b, values);
      const a = ev(n.a, values);
      const b = ev(n.b, values);
      switch (n.op) {
        case '=':
          return equals(a, b);
        case '!=':
          return !equals(a, b);
        case '>':
          return greater(a, b);
        case '<':
          return less(a, b);
        case '>=':
          return equals(a, b) || greater(a, b);
        case '<=':
          return equals(a, b) || less(a, b);
        case 'contains':
          return contains(a, b);
        case 'notcontains':
          return notcontains(a, b);
        case 'anyof':
          return anyof(a, b);
        case 'allof':
          return allof(a, b);
        case '+': {
          const na = asNumber(a);
          const nb = asNumber(b);
          return na !== undefined && nb !== undefined ? na + nb : `${a ?? ''}${b ?? ''}`;
        }
        default: {
          const na = asNumber(a) ?? 0;
          const nb = asNumber(b) ?? 0;
          return n.op === '-'
            ? na - nb
            : n.op === '*'
              ? na * nb
              : n.op === '/'
                ? nb === 0
                  ? undefined
                  : na / nb
                : nb === 0
                  ? undefined
                  : na % nb;
        }
      }
    }
  }
}

/** A compiled condition. */
export interface Condition {
  run(values: Record<string, unknown>): boolean;
}

const cache = new Map<string, Condition | null>();

/** Compiles an expression, or returns null when it uses forms outside the lean subset. */
export function compileCondition(expression: string): Condition | null {
  if (cache.has(expression)) return cache.get(expression)!;
  let compiled: Condition | null;
  try {
    const node = parse(expression);
    compiled = { run: (values) => ev(node, values) === true };
  } catch {
    compiled = null;
  }
  if (cache.size > 2000) cache.clear();
  cache.set(expression, compiled);
  return compiled;
}
