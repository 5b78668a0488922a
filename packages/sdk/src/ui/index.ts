import { type Primitive, parseIntercepts } from '../intercepts/rules.js';
import { Intercepts } from '../intercepts/runner.js';
import { request } from '../transport.js';
import { route, type UiContext } from './context.js';
import { whenReady } from './dom.js';
import { parseFeedback, Widget } from './widget.js';

const CONFIG_KEY = 'loopcx:config';
/** The server caches the config for 60 s (Cache-Control); page loads within that read it from storage. */
export const CONFIG_TTL_MS = 60_000;

export interface UiOptions {
  intercepts: boolean;
  feedbackButton: boolean;
}

/**
 * The visible part of the SDK: loads the key's config (GET /sdk/v1/config, kept 60 s in storage), then runs its
 * intercepts and shows its 吐槽 widget. When the config cannot be loaded there are no intercepts and no widget, and
 * one console warning.
 */
export class Ui {
  private intercepts?: Intercepts;
  private widget?: Widget;
  /** undefined until the config is known; null when the key's widget is off (or the config failed). */
  private feedback: ReturnType<typeof parseFeedback> | undefined;
  private openWhenReady = false;

  constructor(
    private c: UiContext,
    private o: UiOptions,
  ) {
    if (o.intercepts) this.intercepts = new Intercepts(c);
    const scope = `${c.host}|${c.key}`;
    let cached: { at: number; scope: string; config: unknown } | undefined;
    try {
      cached = JSON.parse(c.store.get(CONFIG_KEY) ?? 'null') ?? undefined;
    } catch {
      cached = undefined;
    }
    const age = cached ? Date.now() - cached.at : Number.POSITIVE_INFINITY;
    if (cached && cached.scope === scope && age >= 0 && age < CONFIG_TTL_MS) {
      whenReady(() => this.apply(cached.config));
      return;
    }
    void request(route(c, 'config')).then((r) => {
      if (r.status !== 200 || !r.data || typeof r.data !== 'object') {
        c.warn(`could not load the intercepts and feedback widget (HTTP ${r.status}); they are off on this page`);
        return this.apply(null);
      }
      c.store.set(CONFIG_KEY, JSON.stringify({ at: Date.now(), scope, config: r.data }));
      whenReady(() => this.apply(r.data));
    });
  }

  private apply(config: any) {
    this.feedback = parseFeedback(config?.feedback);
    if (this.feedback) {
      this.widget = new Widget(this.c, this.feedback, this.o.feedbackButton);
    }
    this.intercepts?.load(parseIntercepts(config?.intercepts));
    if (this.openWhenReady) this.open();
  }

  /** feedback(): opens the form now, or as soon as the config is known. */
  open() {
    if (this.feedback === undefined) {
      this.openWhenReady = true;
      return;
    }
    this.openWhenReady = false;
    if (this.widget) this.widget.open();
    else this.c.warn('feedback(): the feedback widget is off for this key (console: Settings → SDK)');
  }

  tracked(type: string, props: Record<string, Primitive>) {
    this.intercepts?.tracked(type, props);
  }

  navigated() {
    this.intercepts?.navigated();
  }

  left() {
    this.intercepts?.cancel();
  }
}
