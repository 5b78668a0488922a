import { request } from '../transport.js';
import { route, type UiContext } from './context.js';
import { el, shadowHost } from './dom.js';
import { pick, STRINGS } from './strings.js';

/** The key's 吐槽 widget settings (config.feedback). */
export interface FeedbackConfig {
  position: 'bottom_right' | 'bottom_left' | 'right_middle';
  label: unknown;
  title: unknown;
  screenshot: boolean;
  askContact: boolean;
}

const TOKENS_KEY = 'loopcx:replyTokens';
/** Per reply token: how many replies the visitor has seen in the widget (the dot shows new ones). */
const SEEN_KEY = 'loopcx:repliesSeen';
const MAX_TOKENS = 20;
/** What the server issues; anything else in storage (edited, corrupted) is left out so the replies query stays valid. */
const TOKEN_RE = /^[\w-]{1,200}$/;
const MAX_TEXT = 2000;
const MAX_SHOT = 1024 * 1024;
const SHOT_TYPES = ['image/png', 'image/jpeg', 'image/webp'];
const POSITIONS = ['bottom_right', 'bottom_left', 'right_middle'];

interface ReplyItem {
  replyToken: string;
  status: string;
  replies: Array<{ text: string; at: string }>;
}

function readJson<T>(c: UiContext, key: string, dflt: T): T {
  try {
    const v = JSON.parse(c.store.get(key) ?? 'null');
    return v && typeof v === 'object' ? (v as T) : dflt;
  } catch {
    return dflt;
  }
}

/** The widget settings of a config answer, or null when absent or malformed (the widget is off). */
export function parseFeedback(v: unknown): FeedbackConfig | null {
  if (!v || typeof v !== 'object') return null;
  const f = v as Record<string, unknown>;
  return {
    position: (POSITIONS.indexOf(f.position as string) >= 0
      ? f.position
      : 'bottom_right') as FeedbackConfig['position'],
    label: f.label,
    title: f.title,
    screenshot: f.screenshot === true,
    askContact: f.askContact === true,
  };
}

/**
 * The 吐槽 widget: an always-on button (unless `button` is false) and a form that sends POST /sdk/v1/feedback.
 * The reply tokens the server returns are kept (the 20 newest); their replies are fetched on start and when the
 * form opens, shown in the form ("Our reply"), and a dot on the button marks replies not seen yet.
 */
export class Widget {
  private root: ShadowRoot;
  private button?: HTMLButtonElement;
  private dot?: HTMLElement;
  private panel?: HTMLElement;
  private items: ReplyItem[] = [];

  constructor(
    private c: UiContext,
    private f: FeedbackConfig,
    button: boolean,
  ) {
    this.root = shadowHost().root;
    const t = STRINGS[c.lang];
    if (button) {
      const b = el('button', { class: `fb ${f.position}`, type: 'button', 'data-testid': 'loopcx-feedback-button' });
      b.appendChild(el('span', {}, pick(f.label, c.lang, c.lang === 'en' ? 'Feedback' : '吐槽')));
      this.dot = el('span', { class: 'dot', 'data-testid': 'loopcx-feedback-dot', 'aria-label': t.reply });
      this.dot.style.display = 'none';
      b.appendChild(this.dot);
      b.addEventListener('click', () => (this.panel ? this.close() : this.open()));
      this.root.appendChild(b);
      this.button = b;
    }
    this.refresh();
  }

  private tokens(): string[] {
    const v = readJson<unknown[]>(this.c, TOKENS_KEY, []);
    return Array.isArray(v)
      ? v.filter((x): x is string => typeof x === 'string' && TOKEN_RE.test(x)).slice(-MAX_TOKENS)
      : [];
  }

  /** GET the replies to this visitor's feedback; then update the dot and, when open, the form's replies. */
  refresh() {
    const tokens = this.tokens();
    if (!tokens.length) return;
    void request(route(this.c, 'feedback/replies', `&tokens=${tokens.map(encodeURIComponent).join(',')}`)).then((r) => {
      const items = r.status === 200 && r.data && Array.isArray(r.data.items) ? (r.data.items as ReplyItem[]) : [];
      this.items = items.filter((i) => i && typeof i.replyToken === 'string' && Array.isArray(i.replies));
      this.render();
    });
  }

  private render() {
    const seen = readJson<Record<string, number>>(this.c, SEEN_KEY, {});
    const list = this.panel?.querySelector('[data-testid="loopcx-feedback-replies"]');
    const t = STRINGS[this.c.lang];
    let unseen = false;
    if (list) list.textContent = '';
    for (const i of this.items) {
      const texts = i.replies.filter((r) => r && typeof r.text === 'string');
      if (!texts.length) continue;
      if (list) {
        const box = el('div', { class: 'reply' });
        box.appendChild(el('b', {}, t.reply));
        for (const r of texts) box.appendChild(el('p', {}, r.text));
        list.appendChild(box);
        seen[i.replyToken] = texts.length;
      } else if (i.status === 'resolved' && (seen[i.replyToken] ?? 0) < texts.length) unseen = true;
    }
    if (list) {
      const keep: Record<string, number> = {};
      for (const k of this.tokens()) if (seen[k]) keep[k] = seen[k];
      this.c.store.set(SEEN_KEY, JSON.stringify(keep));
    }
    if (this.dot) this.dot.style.display = unseen ? '' : 'none';
  }

  close() {
    this.panel?.parentNode?.removeChild(this.panel);
    this.panel = undefined;
  }

  /** Opens the form (feedback()). */
  open() {
    if (this.panel) return;
    const { c, f } = this;
    const t = STRINGS[c.lang];
    const p = el('div', {
      class: `panel ${f.position}`,
      role: 'dialog',
      'aria-label': pick(f.title, c.lang, t.send),
      'data-testid': 'loopcx-feedback-form',
    });
    const x = el(
      'button',
      { class: 'x', type: 'button', 'aria-label': t.close, 'data-testid': 'loopcx-feedback-close' },
      '×',
    );
    x.addEventListener('click', () => this.close());
    p.appendChild(x);
    p.appendChild(el('h2', {}, pick(f.title, c.lang, c.lang === 'en' ? 'Feedback' : '吐槽')));
    const text = el('textarea', {
      maxlength: String(MAX_TEXT),
      placeholder: t.placeholder,
      'aria-label': t.placeholder,
      'data-testid': 'loopcx-feedback-text',
    });
    p.appendChild(text);
    let shot: HTMLInputElement | undefined;
    let email: HTMLInputElement | undefined;
    let phone: HTMLInputElement | undefined;
    const field = (label: string, input: HTMLInputElement) => {
      const l = el('label', {}, label);
      l.appendChild(input);
      p.appendChild(l);
      return input;
    };
    if (f.screenshot)
      shot = field(
        t.shot,
        el('input', { type: 'file', accept: SHOT_TYPES.join(','), 'data-testid': 'loopcx-feedback-screenshot' }),
      );
    if (f.askContact) {
      email = field(
        t.email,
        el('input', { type: 'email', maxlength: '200', autocomplete: 'email', 'data-testid': 'loopcx-feedback-email' }),
      );
      phone = field(
        t.phone,
        el('input', { type: 'tel', maxlength: '40', autocomplete: 'tel', 'data-testid': 'loopcx-feedback-phone' }),
      );
    }
    const send = el('button', { class: 'send', type: 'button', 'data-testid': 'loopcx-feedback-send' }, t.send);
    const msg = el('p', {
      class: 'msg',
      role: 'status',
      'aria-live': 'polite',
      'data-testid': 'loopcx-feedback-status',
    });
    p.appendChild(send);
    p.appendChild(msg);
    p.appendChild(el('div', { 'data-testid': 'loopcx-feedback-replies' }));
    const say = (s: string, ok: boolean) => {
      msg.textContent = s;
      msg.className = `msg ${ok ? 'ok' : 'err'}`;
    };
    send.addEventListener('click', () => {
      const body = text.value.trim();
      if (!body) return say(t.needText, false);
      if (body.length > MAX_TEXT) return say(t.tooLong, false);
      const file = shot?.files?.[0];
      if (file && (SHOT_TYPES.indexOf(file.type) < 0 || file.size > MAX_SHOT)) return say(t.badShot, false);
      send.disabled = true;
      send.textContent = t.sending;
      say('', true);
      const done = (m: string, ok: boolean) => {
        send.disabled = false;
        send.textContent = t.send;
        say(m, ok);
      };
      readBase64(file)
        .then(
          (data) => this.submit(body, email?.value, phone?.value, file && data ? { type: file.type, data } : undefined),
          () => ({ ok: false, detail: t.badShot }),
        )
        .then((r) => {
          if (!r.ok) return done(r.detail ? `${t.failed} (${r.detail})` : t.failed, false);
          text.value = '';
          if (shot) shot.value = '';
          done(t.sent, true);
        });
    });
    (this.button?.parentNode ?? this.root).appendChild(p);
    this.panel = p;
    this.render();
    this.refresh();
    text.focus();
  }

  private submit(
    text: string,
    email: string | undefined,
    phone: string | undefined,
    screenshot: { type: string; data: string } | undefined,
  ): Promise<{ ok: boolean; detail?: string }> {
    const v = this.c.visitor();
    const contact: Record<string, string> = {};
    if (email?.trim()) contact.email = email.trim();
    if (phone?.trim()) contact.phone = phone.trim();
    const body = {
      anonymousId: v.anonymousId,
      customer: v.customer,
      // Only the contract's fields, within the server's bounds (its schema is strict: one field too many or too long
      // would refuse the complaint); the referrer is not the feedback's business.
      context: {
        url: /^https?:/.test(v.context.url ?? '') ? v.context.url : undefined,
        appVersion: v.context.appVersion?.slice(0, 50),
        locale: v.context.locale,
        userAgent: v.context.userAgent?.slice(0, 500),
      },
      text,
      contact: contact.email || contact.phone ? contact : undefined,
      screenshot,
    };
    return request(route(this.c, 'feedback'), body).then((r) => {
      const d = r.data;
      if (r.status !== 201 || !d) {
        const detail = d && typeof d.detail === 'string' ? d.detail : d && typeof d.title === 'string' ? d.title : '';
        return { ok: false, detail: detail.slice(0, 300) };
      }
      if (typeof d.replyToken === 'string' && TOKEN_RE.test(d.replyToken)) {
        const tokens = this.tokens().filter((x) => x !== d.replyToken);
        tokens.push(d.replyToken);
        this.c.store.set(TOKENS_KEY, JSON.stringify(tokens.slice(-MAX_TOKENS)));
      }
      return { ok: true };
    });
  }
}

/** A file's bytes as base64 (without the data: prefix); undefined when there is no file. */
function readBase64(file: File | undefined): Promise<string | undefined> {
  if (!file) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}
