import type { Intercept } from '../intercepts/rules.js';
import { el, shadowHost } from './dom.js';
import { type Lang, STRINGS } from './strings.js';

/** How long the thanks stays before the survey closes itself after its completion. */
export const THANKS_MS = 1500;
/** Bounds of the height the survey page may ask its frame for (`survey.resize`). */
export const MIN_FRAME_PX = 160;
export const MAX_FRAME_PX = 4000;

/**
 * Shows an intercept's survey (its `url`, the respondent page in embed mode) in an iframe: a modal (centred, on a
 * backdrop, focus kept inside, Esc closes), a slide-in card at the bottom right, or embedded into the intercept's
 * container. The survey page talks back with postMessage, accepted only from that frame and its origin:
 * `survey.completed` shows thanks and closes after 1.5 s, `survey.close` closes, `survey.resize` fits the frame to
 * the page's height. `onClose` runs once, however it
 * closed. Returns the function that closes it, or undefined when it cannot be shown (container gone, bad URL).
 */
export function showSurvey(i: Intercept, url: string, lang: Lang, onClose: () => void): (() => void) | undefined {
  let origin: string;
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
    origin = u.origin;
  } catch {
    return undefined;
  }
  const t = STRINGS[lang];
  const into = i.display === 'embedded' ? (i.selector && document.querySelector(i.selector)) || undefined : undefined;
  if (i.display === 'embedded' && !into) return undefined;
  const before = document.activeElement as HTMLElement | null;
  const { host, root } = shadowHost(into);
  const floating = i.display !== 'embedded';
  if (i.display === 'modal') root.appendChild(el('div', { class: 'back' }));
  const card = el('div', {
    class: `card ${i.display}`,
    role: 'dialog',
    'aria-label': t.survey,
    'data-testid': 'loopcx-intercept',
    'data-intercept-id': i.id,
  });
  if (i.display === 'modal') card.setAttribute('aria-modal', 'true');
  const frame = el('iframe', {
    src: url,
    title: t.survey,
    'data-testid': 'loopcx-intercept-frame',
    // The respondent page needs its scripts, its own origin (its API and storage) and its forms; nothing reaches
    // the host page through the frame but the messages checked below.
    sandbox: 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox',
    referrerpolicy: 'no-referrer',
  });
  // Where the respondent page's own close control sits in embed mode, and as large: the two read as one, and this
  // one still closes the survey when the page could not load.
  const x = el(
    'button',
    { class: 'x', type: 'button', 'aria-label': t.close, 'data-testid': 'loopcx-intercept-close' },
    '×',
  );
  // Focus trap: Tab from the last element (or Shift+Tab from the first) lands on a sentinel that sends focus back.
  const first = el('span', { tabindex: '0' });
  const last = el('span', { tabindex: '0' });
  first.addEventListener('focus', () => frame.focus());
  last.addEventListener('focus', () => x.focus());
  if (floating) card.appendChild(first);
  card.appendChild(x);
  card.appendChild(frame);
  if (floating) card.appendChild(last);
  root.appendChild(card);

  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const close = () => {
    if (closed) return;
    closed = true;
    clearTimeout(timer);
    window.removeEventListener('message', onMessage);
    document.removeEventListener('keydown', onKey, true);
    host.parentNode?.removeChild(host);
    if (floating && before && typeof before.focus === 'function') before.focus();
    onClose();
  };
  const onMessage = (e: MessageEvent) => {
    const d = e.data as { source?: unknown; type?: unknown } | null;
    if (e.origin !== origin || e.source !== frame.contentWindow || !d || d.source !== 'loopcx') return;
    if (d.type === 'survey.close') close();
    else if (d.type === 'survey.resize') {
      // The page's height: the frame fits the survey (a modal or slide-in still stops at its max-height and
      // scrolls inside; an embedded one grows with the host page).
      const h = (d as { height?: unknown }).height;
      if (typeof h === 'number' && Number.isFinite(h) && h > 0)
        frame.style.height = `${Math.min(Math.max(Math.ceil(h), MIN_FRAME_PX), MAX_FRAME_PX)}px`;
    } else if (d.type === 'survey.completed' && timer === undefined) {
      card.insertBefore(
        el('p', { class: 'thanks', role: 'status', 'data-testid': 'loopcx-intercept-thanks' }, t.thanks),
        frame,
      );
      frame.style.display = 'none';
      timer = setTimeout(close, THANKS_MS);
    }
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' || e.key === 'Esc') close();
  };
  x.addEventListener('click', close);
  window.addEventListener('message', onMessage);
  if (floating) document.addEventListener('keydown', onKey, true);
  if (i.display === 'modal') x.focus();
  return close;
}
