import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

/**
 * How deep a JSON document may nest (objects and arrays). loopcx's own documents nest a handful of levels (a survey
 * definition: pages → panels → elements → choices, ~10); the limit leaves room for custom SurveyJS and event
 * properties while keeping every recursive walker (survey-core, zod, canonical hashing, jsonb) far from the stack's
 * end. Security finding 2: bodies nested ~5,000 levels were 500s in several routes.
 */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const OPEN_BRACKET = 91;
const CLOSE_BRACE = 125;
const CLOSE_BRACKET = 93;

/**
 * The first nesting depth above `max` found in a JSON text, or 0 when the text stays within it. One pass without
 * recursion, before anything parses the text; strings are skipped with `indexOf`, so text-heavy bodies cost little.
 * The text need not be valid JSON (the parser judges that after): brackets inside strings are not counted.
 */
export function jsonDepthAbove(text: string, max = MAX_JSON_DEPTH): number {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // Jump to the closing quote: one preceded by an even number of backslashes.
      let j = i;
      for (;;) {
        j = text.indexOf('"', j + 1);
        if (j < 0) return 0;
        let k = j - 1;
        while (text.charCodeAt(k) === BACKSLASH) k--;
        if ((j - 1 - k) % 2 === 0) break;
      }
      i = j;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return depth;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return 0;
}

const tooDeep = (where: string) =>
  `${where} nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep, which loopcx does not accept`;

const isJson = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

type JsonParser = (req: FastifyRequest, body: string, done: (err: Error | null, body?: unknown) => void) => void;

/**
 * Every JSON body is bounded before any code walks it: nesting above MAX_JSON_DEPTH is a 400, and `__proto__` or
 * `constructor.prototype` keys (prototype pollution through a later `Object.assign`/spread) are a 400 naming the
 * key, instead of Fastify's generic "not valid JSON". The size is bounded by the route's `bodyLimit` (413).
 * `request-guards.ts` runs it on every JSON body after the strict UTF-8 decoding.
 */
export function guardedJsonParser(parse: JsonParser): JsonParser {
  return (req, text, done) => {
    if (jsonDepthAbove(text) > 0) return done(new AppError('bad_request', tooDeep('The request body')));
    parse(req, text, (err, value) => {
      // Fastify words every refusal "not valid JSON"; when the text is valid JSON, a prototype key was the reason.
      if (err && /"(__proto__|constructor)"/.test(text) && isJson(text))
        return done(new AppError('bad_request', 'The request body has a "__proto__" or "constructor.prototype" key'));
      done(err, value);
    });
  };
}

/**
 * Parses JSON carried inside a field (an imported file's `content`): the same depth bound as bodies, with
 * prototype keys dropped. Errors are 422s naming the field, like other invalid fields.
 */
export function parseJsonField(text: string, field: string, what = 'JSON'): unknown {
  if (jsonDepthAbove(text) > 0)
    throw new AppError('invalid', `${field}: ${tooDeep('the document')}`, {
      invalidParams: [{ name: field, reason: `nested more than ${MAX_JSON_DEPTH} levels deep` }],
    });
  try {
    return JSON.parse(text, (key, value) => (key === '__proto__' ? undefined : value));
  } catch {
    throw new AppError('invalid', `${field}: not ${what} (it is not JSON)`, {
      invalidParams: [{ name: field, reason: 'not JSON' }],
    });
  }
}
