/**
 * Formula metrics: a small expression language over event and response aggregates, parsed here so the server
 * and the console's editor agree on what is valid (and where it is not).
 *
 *   cpo = count('call.inbound') / count('order.completed' where properties.valid = true)
 *
 * Grammar (whitespace free; × ÷ accepted for * /):
 *   expr    := term (('+' | '-') term)*
 *   term    := unary (('*' | '/') unary)*
 *   unary   := '-' unary | primary
 *   primary := number | '(' expr ')' | agg | metric
 *   agg     := ('count' | 'sum' | 'distinct_customers') '(' ['event'] string ['where' cond] ')'
 *   cond    := ['properties.'] name ('=' | '==') (true | false | number | string)
 *   metric  := 'nps' | 'csat' | 'ces' | 'responses' | 'invitations' | 'invited_responses' | 'rating' '(' string ')'
 */

export type AggFn = 'count' | 'sum' | 'distinct_customers';
export type FormulaNode =
  | { t: 'num'; v: number }
  | {
      t: 'agg';
      fn: AggFn;
      eventType: string;
      where?: { property: string; value: string | number | boolean };
      pos: number;
    }
  | { t: 'metric'; key: string; pos: number }
  | { t: 'bin'; op: '+' | '-' | '*' | '/'; l: FormulaNode; r: FormulaNode }
  | { t: 'neg'; e: FormulaNode };

export class FormulaError extends Error {
  constructor(
    /** What is wrong, without the position. */
    readonly reason: string,
    /** 0-based character offset into the formula text. */
    readonly position: number,
  ) {
    super(`${reason} (at ${position + 1})`);
  }
}

type Tok =
  | { k: 'num'; v: number; p: number }
  | { k: 'str'; v: string; p: number }
  | { k: 'id'; v: string; p: number }
  | { k: 'op'; v: string; p: number }
  | { k: 'end'; p: number };

const OPS: Record<string, string> = {
  '+': '+',
  '-': '-',
  '−': '-',
  '*': '*',
  '×': '*',
  '/': '/',
  '÷': '/',
  '(': '(',
  ')': ')',
  '（': '(',
  '）': ')',
  '=': '=',
};
const QUOTES: Record<string, string> = { "'": "'", '"': '"', '‘': '’', '“': '”' };
export const MAX_FORMULA_LENGTH = 1000;
/** Survey-side aggregates a formula may use by name (invitations: personal links sent; invited_responses: answered). */
export const RESPONSE_METRICS = ['nps', 'csat', 'ces', 'responses', 'invitations', 'invited_responses'] as const;

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '=' && src[i + 1] === '=') {
      out.push({ k: 'op', v: '=', p: i });
      i += 2;
      continue;
    }
    if (OPS[c]) {
      out.push({ k: 'op', v: OPS[c], p: i });
      i++;
      continue;
    }
    if (QUOTES[c]) {
      const close = QUOTES[c];
      const end = src.indexOf(close, i + 1);
      if (end < 0) throw new FormulaError('unterminated string', i);
      out.push({ k: 'str', v: src.slice(i + 1, end), p: i });
      i = end + 1;
      continue;
    }
    const num = /^(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i, i + 40));
    if (num) {
      out.push({ k: 'num', v: Number(num[0]), p: i });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*/.exec(src.slice(i, i + 200));
    if (id) {
      out.push({ k: 'id', v: id[0], p: i });
      i += id[0].length;
      continue;
    }
    throw new FormulaError(`unexpected character ${JSON.stringify(c)}`, i);
  }
  out.push({ k: 'end', p: src.length });
  return out;
}

/** Parses a formula; throws FormulaError with the position of the first problem. */
export function parseFormula(src: string): FormulaNode {
  if (src.length > MAX_FORMULA_LENGTH)
    throw new FormulaError(`longer than ${MAX_FORMULA_LENGTH} characters`, MAX_FORMULA_LENGTH);
  const toks = tokenize(src);
  let i = 0;
  let depth = 0;
  const peek = () => toks[i];
  const isOp = (v: string) => {
    const t = toks[i];
    return t.k === 'op' && t.v === v;
  };
  const expectOp = (v: string) => {
    if (!isOp(v)) throw new FormulaError(`expected "${v}"`, toks[i].p);
    i++;
  };
  const describe = (t: Tok) => (t.k === 'end' ? 'end of formula' : t.k === 'str' ? `'${t.v}'` : `"${String(t.v)}"`);

  const expr = (): FormulaNode => {
    if (++depth > 50) throw new FormulaError('nested too deeply', peek().p);
    let l = term();
    while (isOp('+') || isOp('-')) {
      const op = (toks[i++] as { v: '+' | '-' }).v;
      l = { t: 'bin', op, l, r: term() };
    }
    depth--;
    return l;
  };
  const term = (): FormulaNode => {
    let l = unary();
    while (isOp('*') || isOp('/')) {
      const op = (toks[i++] as { v: '*' | '/' }).v;
      l = { t: 'bin', op, l, r: unary() };
    }
    return l;
  };
  const unary = (): FormulaNode => {
    if (isOp('-')) {
      i++;
      if (++depth > 50) throw new FormulaError('nested too deeply', peek().p);
      const e = unary();
      depth--;
      return { t: 'neg', e };
    }
    return primary();
  };
  const literal = (): string | number | boolean => {
    const t = peek();
    if (t.k === 'str' || t.k === 'num') {
      i++;
      return t.v;
    }
    if (t.k === 'op' && t.v === '-' && toks[i + 1].k === 'num') {
      i += 2;
      return -(toks[i - 1] as { v: number }).v;
    }
    if (t.k === 'id' && (t.v === 'true' || t.v === 'false')) {
      i++;
      return t.v === 'true';
    }
    throw new FormulaError(`expected a value (true, false, a number or a quoted string), found ${describe(t)}`, t.p);
  };
  const primary = (): FormulaNode => {
    const t = peek();
    if (t.k === 'num') {
      i++;
      return { t: 'num', v: t.v };
    }
    if (t.k === 'op' && t.v === '(') {
      i++;
      const e = expr();
      expectOp(')');
      return e;
    }
    if (t.k === 'id') {
      const name = t.v.toLowerCase();
      if ((RESPONSE_METRICS as readonly string[]).includes(name)) {
        i++;
        return { t: 'metric', key: name, pos: t.p };
      }
      if (name === 'rating') {
        i++;
        expectOp('(');
        const q = peek();
        if (q.k !== 'str' || !/^[\w-]{1,100}$/.test(q.v))
          throw new FormulaError("expected a question name in quotes, e.g. rating('food')", q.p);
        i++;
        expectOp(')');
        return { t: 'metric', key: `rating:${q.v}`, pos: t.p };
      }
      if (name === 'count' || name === 'sum' || name === 'distinct_customers') {
        i++;
        expectOp('(');
        if (peek().k === 'id' && (peek() as { v: string }).v === 'event') i++;
        const s = peek();
        if (s.k !== 'str')
          throw new FormulaError(`expected an event type in quotes, e.g. ${name}('order.completed')`, s.p);
        if (!/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/.test(s.v))
          throw new FormulaError(`'${s.v}' is not an event type key (like order.completed)`, s.p);
        i++;
        let where: { property: string; value: string | number | boolean } | undefined;
        if (peek().k === 'id' && (peek() as { v: string }).v.toLowerCase() === 'where') {
          i++;
          const p = peek();
          if (p.k !== 'id') throw new FormulaError('expected a property name after where', p.p);
          const property = p.v.startsWith('properties.') ? p.v.slice('properties.'.length) : p.v;
          if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(property))
            throw new FormulaError(`'${p.v}' is not a property name`, p.p);
          i++;
          expectOp('=');
          where = { property, value: literal() };
        }
        expectOp(')');
        return { t: 'agg', fn: name, eventType: s.v, ...(where ? { where } : {}), pos: t.p };
      }
      throw new FormulaError(
        `unknown name "${t.v}": use count, sum, distinct_customers, ${RESPONSE_METRICS.join(', ')} or rating`,
        t.p,
      );
    }
    throw new FormulaError(`expected a number, an aggregate or "(", found ${describe(t)}`, t.p);
  };

  if (toks[0].k === 'end') throw new FormulaError('the formula is empty', 0);
  const ast = expr();
  if (peek().k !== 'end') throw new FormulaError(`unexpected ${describe(peek())}`, peek().p);
  return ast;
}

/** A stable key per aggregate leaf: equal leaves are fetched once. */
export function leafKey(n: Extract<FormulaNode, { t: 'agg' | 'metric' }>): string {
  if (n.t === 'metric') return `metric:${n.key}`;
  return `${n.fn}:${n.eventType}${n.where ? `|${n.where.property}=${String(n.where.value)}` : ''}`;
}

/** Every aggregate leaf of a formula (unique by leafKey). */
export function formulaLeaves(ast: FormulaNode): Array<Extract<FormulaNode, { t: 'agg' | 'metric' }>> {
  const out = new Map<string, Extract<FormulaNode, { t: 'agg' | 'metric' }>>();
  const walk = (n: FormulaNode) => {
    if (n.t === 'agg' || n.t === 'metric') out.set(leafKey(n), n);
    else if (n.t === 'bin') {
      walk(n.l);
      walk(n.r);
    } else if (n.t === 'neg') walk(n.e);
  };
  walk(ast);
  return [...out.values()];
}

/** An aggregate's value for one group: value, its sampling variance, and the number of observations behind it. */
export interface LeafValue {
  value: number | null;
  variance: number;
  n: number;
}

export interface FormulaValue {
  value: number | null;
  /** Delta-method variance of value (leaves treated as independent). */
  variance: number;
  /** Observations behind the value: a ratio's denominator's; a sum's or difference's total; a product's smaller. */
  n: number;
  numerator?: number | null;
  denominator?: number | null;
}

/**
 * Evaluates a formula for one group with first-order (delta-method) error propagation:
 * var(a±b) = va + vb, var(ab) = b²va + a²vb, var(a/b) = va/b² + a²vb/b⁴. For CPO = calls/orders with Poisson
 * counts this gives var = r²(1/calls + 1/orders). Division by zero gives null.
 */
export function evaluateFormula(ast: FormulaNode, leaf: (key: string) => LeafValue): FormulaValue {
  // Constants carry no observations (n = NaN) and never decide a result's n.
  const combine = (op: '+' | '-' | '*' | '/', a: number, b: number) =>
    Number.isNaN(a) ? b : Number.isNaN(b) ? a : op === '/' ? b : op === '*' ? Math.min(a, b) : a + b;
  const ev = (n: FormulaNode): FormulaValue => {
    switch (n.t) {
      case 'num':
        return { value: n.v, variance: 0, n: Number.NaN };
      case 'agg':
      case 'metric': {
        const v = leaf(leafKey(n));
        return { value: v.value, variance: v.variance, n: v.n };
      }
      case 'neg': {
        const e = ev(n.e);
        return { ...e, value: e.value === null ? null : -e.value, numerator: undefined, denominator: undefined };
      }
      case 'bin': {
        const a = ev(n.l);
        const b = ev(n.r);
        const nn = combine(n.op, a.n, b.n);
        // count(a) / count(b) * 100 keeps the ratio's numerator and denominator.
        const scaled = n.op === '*' ? (n.r.t === 'num' ? a : n.l.t === 'num' ? b : undefined) : undefined;
        const carry =
          scaled?.denominator !== undefined ? { numerator: scaled.numerator, denominator: scaled.denominator } : {};
        if (a.value === null || b.value === null)
          return {
            value: null,
            variance: 0,
            n: nn,
            ...(n.op === '/' ? { numerator: a.value, denominator: b.value } : carry),
          };
        const x = a.value;
        const y = b.value;
        switch (n.op) {
          case '+':
            return { value: x + y, variance: a.variance + b.variance, n: nn };
          case '-':
            return { value: x - y, variance: a.variance + b.variance, n: nn };
          case '*':
            return { value: x * y, variance: y * y * a.variance + x * x * b.variance, n: nn, ...carry };
          case '/':
            if (y === 0) return { value: null, variance: 0, n: nn, numerator: x, denominator: y };
            return {
              value: x / y,
              variance: a.variance / (y * y) + (x * x * b.variance) / y ** 4,
              n: nn,
              numerator: x,
              denominator: y,
            };
        }
      }
    }
  };
  const out = ev(ast);
  return { ...out, n: Number.isNaN(out.n) ? 0 : out.n };
}
