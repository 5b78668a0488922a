import type { Lang } from './i18n.ts';

const params = new URLSearchParams(location.search);

/**
 * `?embed=1`: the page runs in a frame the loopcx SDK put on a customer's site (an intercept): compact, transparent
 * around its cards, with a close control, and it tells the frame's parent when the survey is answered or closed.
 */
export const embedded = params.get('embed') === '1';

/** The language the link asks for (`?lang=zh-CN` or `?lang=en`), if any: it wins over the survey's own locale. */
export function langParam(): Lang | undefined {
  const l = params.get('lang')?.toLowerCase();
  if (!l) return undefined;
  return l.startsWith('zh') ? 'zh' : l.startsWith('en') ? 'en' : undefined;
}

/**
 * Tells the page that framed this one (contract 3): `survey.completed` with the invitation, or `survey.close`.
 * Sent to any origin ('*'): the message carries nothing but the invitation id, which the parent already has.
 */
export function tellParent(
  message: { type: 'survey.completed'; invitationId: string | null } | { type: 'survey.close' },
) {
  if (!embedded || window.parent === window) return;
  window.parent.postMessage({ source: 'loopcx', ...message }, '*');
}

/**
 * In embed mode, tells the parent the page's height whenever it changes (`survey.resize`), so the SDK fits its frame
 * to the survey: no inner scroll bar where the host page has room, no empty space under a short survey. Measured on
 * `#app`, which takes its content's height in embed mode (the document would take the frame's).
 */
export function reportHeight(app: HTMLElement) {
  if (!embedded || window.parent === window || typeof ResizeObserver === 'undefined') return;
  let last = 0;
  new ResizeObserver(() => {
    const height = Math.ceil(app.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ source: 'loopcx', type: 'survey.resize', height }, '*');
  }).observe(app);
}
