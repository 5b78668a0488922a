/**
 * The tags and attributes survey HTML may use (html elements, completedHtml and HTML in texts). The server
 * sanitises definitions to this subset with sanitize-html when they are saved (`domains/surveys/sanitize.ts`); the
 * respondent page and the console preview run `cleanHtml` again before rendering (defence in depth, for versions
 * saved before the server did, and in case the two disagree), and the page's CSP forbids inline script besides.
 */
export const SURVEY_HTML_TAGS = [
  'a',
  'abbr',
  'b',
  'blockquote',
  'br',
  'caption',
  'code',
  'div',
  'em',
  'figcaption',
  'figure',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'li',
  'mark',
  'ol',
  'p',
  'pre',
  's',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'u',
  'ul',
] as const;

/** Attributes per tag (`*`: any allowed tag). */
export const SURVEY_HTML_ATTRIBUTES: Record<string, readonly string[]> = {
  '*': ['class', 'style', 'title', 'lang', 'dir'],
  a: ['href', 'target', 'rel'],
  img: ['src', 'alt', 'width', 'height'],
  td: ['colspan', 'rowspan', 'align'],
  th: ['colspan', 'rowspan', 'align', 'scope'],
};

/** Link schemes allowed in href; img src may also be a data: image. Relative URLs are allowed. */
export const SURVEY_HTML_SCHEMES = ['http', 'https', 'mailto', 'tel'] as const;

/** Elements whose content is dropped with them (not unwrapped into text). */
const DROP_WITH_CONTENT = new Set([
  'script',
  'style',
  'template',
  'noscript',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
]);
const TAGS = new Set<string>(SURVEY_HTML_TAGS);

function urlAllowed(value: string, tag: string): boolean {
  // Browsers ignore control characters and spaces inside a scheme ("java\tscript:"): strip them before checking.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const v = value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(v)?.[1];
  if (!scheme) return !v.startsWith('//') || tag === 'img';
  if (tag === 'img' && scheme === 'data') return /^data:image\/(png|gif|jpe?g|webp);/.test(v);
  return (SURVEY_HTML_SCHEMES as readonly string[]).includes(scheme);
}

function cleanNode(node: ParentNode) {
  for (const child of [...node.children]) {
    const tag = child.tagName.toLowerCase();
    if (!TAGS.has(tag)) {
      if (DROP_WITH_CONTENT.has(tag)) child.remove();
      else {
        cleanNode(child);
        child.replaceWith(...child.childNodes);
      }
      continue;
    }
    const allowed = new Set([...(SURVEY_HTML_ATTRIBUTES['*'] ?? []), ...(SURVEY_HTML_ATTRIBUTES[tag] ?? [])]);
    for (const attr of [...child.attributes]) {
      const name = attr.name.toLowerCase();
      const keep =
        allowed.has(name) &&
        ((name !== 'href' && name !== 'src') || urlAllowed(attr.value, tag)) &&
        !(name === 'style' && /url\s*\(|expression\s*\(|@import/i.test(attr.value));
      if (!keep) child.removeAttribute(attr.name);
    }
    if (tag === 'a' && child.getAttribute('target')) child.setAttribute('rel', 'noopener noreferrer');
    cleanNode(child);
  }
}

/**
 * Reduces HTML to the survey subset in the browser: unknown tags are unwrapped (script, style, iframe, svg… are
 * dropped with their content), attributes outside the allow-list (every `on*` handler included) are removed, and
 * links keep only http(s)/mailto/tel or relative URLs. Parsing uses an inert <template>, so nothing loads or runs
 * while cleaning. Browser only (needs `document`).
 */
export function cleanHtml(html: string): string {
  if (!html) return '';
  const tpl = document.createElement('template');
  tpl.innerHTML = html;
  // Cleaned inside the template's own inert document: nothing is adopted into the page before it is clean.
  cleanNode(tpl.content);
  return tpl.innerHTML;
}
