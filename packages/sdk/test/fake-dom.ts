/**
 * Just enough of a browser DOM for the SDK's UI unit tests: elements with attributes, text, children, listeners and
 * (open) shadow roots, and a querySelector that understands `[data-testid="…"]`, `#id` and tag names and, like
 * Playwright's locators, looks into open shadow roots. The real rendering is checked in Chromium (e2e/sdk-ui).
 */
type Listener = (e: any) => void;

export class FakeElement {
  attrs = new Map<string, string>();
  children: FakeElement[] = [];
  parentNode: FakeElement | null = null;
  style: Record<string, string> = {};
  shadowRoot: FakeElement | null = null;
  listeners = new Map<string, Listener[]>();
  value = '';
  files: unknown[] | null = null;
  disabled = false;
  contentWindow = {};
  private text = '';

  constructor(
    public tagName: string,
    private doc: FakeDocument | null,
  ) {}

  setAttribute(k: string, v: string) {
    this.attrs.set(k, String(v));
  }
  getAttribute(k: string) {
    return this.attrs.get(k) ?? null;
  }
  get className() {
    return this.getAttribute('class') ?? '';
  }
  set className(v: string) {
    this.setAttribute('class', v);
  }
  get textContent(): string {
    return this.text + this.children.map((c) => c.textContent).join('');
  }
  set textContent(v: string) {
    for (const c of this.children) c.parentNode = null;
    this.children = [];
    this.text = String(v);
  }
  appendChild(c: FakeElement) {
    c.parentNode?.removeChild(c);
    c.parentNode = this;
    this.children.push(c);
    return c;
  }
  insertBefore(c: FakeElement, ref: FakeElement | null) {
    c.parentNode?.removeChild(c);
    c.parentNode = this;
    const i = ref ? this.children.indexOf(ref) : -1;
    if (i < 0) this.children.push(c);
    else this.children.splice(i, 0, c);
    return c;
  }
  removeChild(c: FakeElement) {
    const i = this.children.indexOf(c);
    if (i >= 0) this.children.splice(i, 1);
    c.parentNode = null;
    return c;
  }
  addEventListener(type: string, fn: Listener) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  removeEventListener(type: string, fn: Listener) {
    this.listeners.set(
      type,
      (this.listeners.get(type) ?? []).filter((f) => f !== fn),
    );
  }
  dispatch(type: string, e: Record<string, unknown> = {}) {
    for (const fn of this.listeners.get(type) ?? []) fn({ type, ...e });
  }
  click() {
    this.dispatch('click');
  }
  focus() {
    if (this.doc) this.doc.activeElement = this;
  }
  attachShadow(init: { mode: string }) {
    this.shadowRoot = new FakeElement('#shadow-root', this.doc);
    this.shadowRoot.setAttribute('mode', init.mode);
    this.shadowRoot.parentNode = null;
    (this.shadowRoot as unknown as { host: FakeElement }).host = this;
    return this.shadowRoot;
  }
  /** Attached to the document (through shadow hosts too). */
  get isConnected(): boolean {
    let n: FakeElement | null = this;
    while (n) {
      if (n.tagName === '#document') return true;
      n = n.parentNode ?? (n as unknown as { host?: FakeElement }).host ?? null;
    }
    return false;
  }
  querySelectorAll(sel: string): FakeElement[] {
    const m = /^\[([\w-]+)="([^"]*)"\]$/.exec(sel) ?? /^\[([\w-]+)\]$/.exec(sel);
    const test = (e: FakeElement) =>
      m
        ? m[2] === undefined
          ? e.attrs.has(m[1])
          : e.getAttribute(m[1]) === m[2]
        : sel.startsWith('#')
          ? e.getAttribute('id') === sel.slice(1)
          : e.tagName === sel.toLowerCase();
    const out: FakeElement[] = [];
    const walk = (e: FakeElement) => {
      for (const c of e.children) {
        if (test(c)) out.push(c);
        walk(c);
        if (c.shadowRoot) walk(c.shadowRoot);
      }
    };
    walk(this);
    return out;
  }
  querySelector(sel: string) {
    if (/[>~+:\s]|^\W*$/.test(sel) && !/^\[[\w-]+="[^"]*"\]$/.test(sel)) throw new SyntaxError(`bad selector ${sel}`);
    return this.querySelectorAll(sel)[0] ?? null;
  }
}

export class FakeDocument extends FakeElement {
  readyState = 'complete';
  activeElement: FakeElement | null = null;
  documentElement: FakeElement;
  body: FakeElement;
  referrer = '';
  title = '';
  visibilityState = 'visible';
  currentScript = null;
  constructor() {
    super('#document', null);
    (this as unknown as { doc: FakeDocument }).doc = this;
    this.documentElement = this.appendChild(this.createElement('html'));
    this.body = this.documentElement.appendChild(this.createElement('body'));
  }
  createElement(tag: string) {
    return new FakeElement(tag.toLowerCase(), this);
  }
}

/** The HTMLElement global the SDK checks for shadow DOM support. */
export class FakeHTMLElement {
  attachShadow() {
    return undefined;
  }
}
