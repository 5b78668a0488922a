import { SURVEY_HTML_ATTRIBUTES, SURVEY_HTML_SCHEMES, SURVEY_HTML_TAGS } from '@loopcx/shared';
import sanitizeHtml from 'sanitize-html';
import { invalid } from '../../platform/errors.ts';

/** Deeper than any real definition (nested panels); bounds the walk before it could exhaust the stack. */
const MAX_DEPTH = 100;

/** Properties whose value is HTML in SurveyJS (html elements, the completion and loading pages). */
const HTML_KEYS = new Set(['html', 'completedHtml', 'completedBeforeHtml', 'loadingHtml']);
/** Properties that are code, identifiers or values rather than text shown to people: never rewritten. */
const CODE_KEY =
  /(If|expression|Expression|condition|Condition)$|^(name|valueName|type|value|defaultValue|correctAnswer|validators|calculatedValues|triggers|choicesByUrl|locale|cookieName)$/;
/** A localisable string is `{ default: …, "zh-cn": … }`: its keys are locale codes. */
const LOCALE_KEY = /^(default|[a-z]{2,3}(-[a-z0-9]{2,8})*)$/i;
/** Something a browser would parse as markup: `<` followed by a letter, `/`, `!` or `?`. */
const LOOKS_LIKE_MARKUP = /<[a-zA-Z/!?]/;

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...SURVEY_HTML_TAGS],
  allowedAttributes: Object.fromEntries(Object.entries(SURVEY_HTML_ATTRIBUTES).map(([k, v]) => [k, [...v]])),
  allowedSchemes: [...SURVEY_HTML_SCHEMES],
  allowedSchemesByTag: { img: ['http', 'https', 'data'] },
  allowProtocolRelative: false,
  // Drop these with their content; other unknown tags are unwrapped to their text (sanitize-html's default).
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'template', 'iframe', 'object', 'svg', 'math'],
  allowedStyles: {
    '*': {
      color: [/^#[0-9a-f]{3,8}$/i, /^rgba?\([\d\s.,%]+\)$/i, /^[a-z]+$/i],
      'background-color': [/^#[0-9a-f]{3,8}$/i, /^rgba?\([\d\s.,%]+\)$/i, /^[a-z]+$/i],
      'text-align': [/^(left|right|center|justify)$/],
      'font-size': [/^\d+(\.\d+)?(px|em|rem|%)$/],
      'font-weight': [/^(normal|bold|[1-9]00)$/],
      'font-style': [/^(normal|italic)$/],
      'text-decoration': [/^(none|underline|line-through)$/],
      margin: [/^[\d.\s]+(px|em|rem|%)?(\s+[\d.]+(px|em|rem|%)?){0,3}$/],
      padding: [/^[\d.\s]+(px|em|rem|%)?(\s+[\d.]+(px|em|rem|%)?){0,3}$/],
      width: [/^\d+(\.\d+)?(px|em|rem|%)$/],
      'max-width': [/^\d+(\.\d+)?(px|em|rem|%)$/],
    },
  },
  transformTags: {
    a: (tagName, attribs) =>
      attribs.target ? { tagName, attribs: { ...attribs, rel: 'noopener noreferrer' } } : { tagName, attribs },
  },
};

/** Reduces one HTML string to the survey subset (script, handlers, javascript: URLs, iframes… removed). */
export function sanitizeSurveyHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}

function clean(value: unknown, depth: number, inHtml: boolean, inText: boolean): unknown {
  if (depth > MAX_DEPTH) throw invalid('definition', `is nested more than ${MAX_DEPTH} levels deep`);
  if (typeof value === 'string') {
    if (inHtml) return sanitizeSurveyHtml(value);
    // Text that merely contains "<" (e.g. "1 < 2") is left alone; text with markup is reduced like HTML.
    if (inText && LOOKS_LIKE_MARKUP.test(value)) return sanitizeSurveyHtml(value);
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => clean(v, depth + 1, inHtml, inText));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      // Locale codes inherit their parent's kind: { html: { default: "…", "zh-cn": "…" } } is HTML.
      const localized = (inHtml || inText) && LOCALE_KEY.test(k) && typeof v === 'string';
      const html = localized ? inHtml : HTML_KEYS.has(k);
      const text = localized ? inText : !html && !CODE_KEY.test(k);
      out[k] = clean(v, depth + 1, html, text);
    }
    return out;
  }
  return value;
}

/**
 * Sanitises every piece of HTML a SurveyJS definition can carry, in every locale: `html` elements,
 * `completedHtml` (and its `completedHtmlOnCondition` entries), `completedBeforeHtml`, `loadingHtml`, and markup
 * inside titles, descriptions, choice texts and other display strings. Expressions, names and values are left
 * untouched. Runs on save (create, update, import), so what is stored and published is already clean.
 */
export function sanitizeDefinition<T extends Record<string, unknown>>(definition: T): T {
  return clean(definition, 0, false, false) as T;
}
