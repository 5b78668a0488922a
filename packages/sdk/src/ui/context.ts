import type { Store } from '../storage.js';
import type { Context, Customer } from '../types.js';
import type { Lang } from './strings.js';

/** What the intercepts and the widget need from the SDK's state: where to send, who is visiting, how to warn. */
export interface UiContext {
  key: string;
  host: string;
  store: Store;
  lang: Lang;
  /** The visitor now (identify() and reset() change it). */
  visitor(): { anonymousId: string; customer?: Customer; context: Context };
  warn(msg: string): void;
}

/** A public SDK route's URL with the key (and more query parameters). */
export const route = (c: UiContext, path: string, query = '') =>
  `${c.host}/sdk/v1/${path}?key=${encodeURIComponent(c.key)}${query}`;
