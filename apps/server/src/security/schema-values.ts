import fc from 'fast-check';
import type { JsonSchema } from './fixtures.ts';

/** The first branch of a union, the schema itself otherwise. */
/** encodeURIComponent that sends a lone surrogate as its raw (invalid) UTF-8 bytes instead of throwing. */
export const safeEncode = (v: string) => {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80';
  }
};

const branch = (s: JsonSchema): JsonSchema => s.anyOf?.[0] ?? s.oneOf?.[0] ?? s.allOf?.[0] ?? s;

/**
 * A plainly valid value for a JSON schema as OpenAPI documents it (required properties only, the smallest
 * lengths): the base each hostile case changes one property of, so a case reaches the code behind validation.
 */
export function exampleOf(schema: JsonSchema | undefined, uuid: string, depth = 0): unknown {
  if (!schema || depth > 6) return undefined;
  const s = branch(schema);
  if (s.default !== undefined) return s.default;
  if (s.enum) return s.enum[0];
  if (s.const !== undefined) return s.const;
  switch (s.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) out[key] = exampleOf(s.properties?.[key], uuid, depth + 1);
      return out;
    }
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => exampleOf(s.items, uuid, depth + 1));
    case 'integer':
    case 'number':
      return s.minimum ?? (s.exclusiveMinimum !== undefined ? Number(s.exclusiveMinimum) + 1 : 1);
    case 'boolean':
      return false;
    case 'string':
      if (s.format === 'uuid') return uuid;
      if (s.format === 'date') return '2026-11-01';
      if (s.format === 'date-time') return '2026-11-01T08:00:00.000Z';
      if (s.format === 'email') return 'a@example.com';
      if (s.format === 'uri') return 'https://example.com/hook';
      return 'x'.repeat(Math.max(1, s.minLength ?? 1));
    default:
      return s.nullable ? null : 'x';
  }
}

/** Strings that try injection (SQL, HTML, templates, paths, formulas) or break encodings and sizes. */
export const HOSTILE_STRINGS = [
  "' OR '1'='1",
  "'); DROP TABLE responses; --",
  '"; SELECT pg_sleep(1); --',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  `{{7*7}}\${7*7}<%= 7*7 %>`,
  '../../../../etc/passwd',
  '=cmd|"/c calc"!A1',
  '\u0000',
  '\uD800',
  '\u202Egnp.exe',
  '𠜎'.repeat(300),
  ' ',
  '',
  'x'.repeat(70_000),
];

/** Values of every JSON type, including ones no schema here accepts. */
const wrongValues = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, [], {}, [null]),
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constant(JSON.parse('{"__proto__":{"polluted":true}}')),
  fc.array(fc.constantFrom(...HOSTILE_STRINGS), { maxLength: 3 }),
);

/** The dotted paths of an example's properties (nested objects included) a case can replace. */
function slots(schema: JsonSchema | undefined, prefix: string[] = [], depth = 0): string[][] {
  if (!schema || depth > 4) return [];
  const s = branch(schema);
  if (s.type !== 'object' || !s.properties) return [];
  const out: string[][] = [];
  for (const [key, sub] of Object.entries<JsonSchema>(s.properties)) {
    out.push([...prefix, key]);
    out.push(...slots(sub, [...prefix, key], depth + 1));
  }
  return out;
}

const setPath = (base: unknown, path: string[], value: unknown): unknown => {
  const root = (base && typeof base === 'object' && !Array.isArray(base) ? structuredClone(base) : {}) as Record<
    string,
    unknown
  >;
  let node = root;
  for (const key of path.slice(0, -1)) {
    if (!node[key] || typeof node[key] !== 'object' || Array.isArray(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
  return root;
};

/**
 * JSON bodies built from an operation's documented body schema: the valid example with one (or two) properties,
 * documented or not, replaced by a hostile value, or a wholly random document. Deterministic per seed.
 */
export function hostileBodies(schema: JsonSchema | undefined, example: unknown, n: number, seed: number): unknown[] {
  const paths = slots(schema);
  const extra = ['__proto__', 'constructor', 'tenantId', 'id', 'role', 'zzz'].map((k) => [k]);
  const pathArb = fc.constantFrom(...[...paths, ...extra]);
  const arb = fc.oneof(
    { weight: 6, arbitrary: fc.tuple(pathArb, wrongValues).map(([p, v]) => setPath(example, p, v)) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(pathArb, wrongValues, pathArb, wrongValues)
        .map(([p, v, q, w]) => setPath(setPath(example, p, v), q, w)),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  );
  return fc.sample(arb, { numRuns: n, seed });
}

/** Query-string values for an operation's documented query parameters, hostile one at a time. */
export function hostileQueries(names: string[], n: number, seed: number): string[] {
  if (!names.length) return [];
  return fc.sample(
    fc
      .tuple(fc.constantFrom(...names), wrongValues)
      .map(([name, v]) => `${safeEncode(name)}=${safeEncode(typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))}`),
    { numRuns: n, seed },
  );
}
