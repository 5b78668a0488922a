/**
 * The SDK's few DOM helpers. Everything it shows lives in an open shadow root (the host page's CSS cannot restyle
 * it, and tests can reach it by data-testid), with its styles inside; text is only ever set with textContent.
 */

/**
 * A browser page with shadow DOM (not very old web-views, not a worker or server): without it the SDK shows nothing,
 * and neither loads the config nor asks to show an intercept.
 */
export const canRender = () =>
  typeof document !== 'undefined' &&
  typeof HTMLElement !== 'undefined' &&
  typeof HTMLElement.prototype.attachShadow === 'function';

/** Runs fn once the document's body exists (init() may run in the page's <head>). */
export function whenReady(fn: () => void) {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn);
  else fn();
}

/** An element with attributes and, optionally, text (never HTML). */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Record<string, string>,
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (attrs) for (const k of Object.keys(attrs)) e.setAttribute(k, attrs[k]);
  if (text !== undefined) e.textContent = text;
  return e;
}

const FONT = '-apple-system,BlinkMacSystemFont,"PingFang SC","Hiragino Sans GB","Microsoft YaHei",sans-serif';

// Phones (≤ 480 px): cards and the form take the full width at the bottom of the screen.
const CSS = `:host{all:initial}
*{box-sizing:border-box;font-family:${FONT};font-size:14px;line-height:1.5;color:#1f1f1f}
.back{position:fixed;top:0;left:0;right:0;bottom:0;background:rgba(0,0,0,.45)}
.card{position:fixed;background:#fff;border-radius:12px;box-shadow:0 8px 32px rgba(0,0,0,.25);overflow:hidden}
.modal{left:50%;top:50%;transform:translate(-50%,-50%);width:560px;max-width:calc(100vw - 32px)}
.slide_in{right:16px;bottom:16px;width:380px;max-width:calc(100vw - 32px)}
.embedded{position:relative;width:100%;box-shadow:none;border:1px solid #eee}
iframe{display:block;width:100%;border:0;height:560px;max-height:80vh;background:#fff}
.slide_in iframe{height:460px;max-height:70vh}
.embedded iframe{max-height:none}
.x{position:absolute;top:6px;right:6px;width:36px;height:36px;border:0;border-radius:18px;background:#f0f0f0;cursor:pointer;font-size:22px;line-height:36px;padding:0;z-index:1}
.thanks{padding:24px;text-align:center;font-size:16px}
.fb{position:fixed;border:0;background:#d4380d;color:#fff;padding:8px 14px;border-radius:20px;cursor:pointer;box-shadow:0 4px 12px rgba(0,0,0,.2)}
.fb *{color:#fff}
.bottom_right{right:16px;bottom:16px}.bottom_left{left:16px;bottom:16px}
.right_middle{right:0;top:50%;transform:translateY(-50%);border-radius:8px 0 0 8px}
.dot{display:inline-block;width:8px;height:8px;border-radius:4px;background:#faad14;margin-left:6px;vertical-align:middle}
.panel{position:fixed;bottom:68px;width:360px;max-width:calc(100vw - 16px);max-height:calc(100vh - 84px);overflow:auto;padding:16px;background:#fff;border-radius:12px;box-shadow:0 8px 32px rgba(0,0,0,.25)}
.panel.bottom_left{left:16px}.panel.bottom_right,.panel.right_middle{right:16px;top:auto;transform:none;border-radius:12px}
h2{margin:0 32px 8px 0;font-size:16px;font-weight:600}
textarea,input{display:block;width:100%;margin:0 0 8px;padding:6px 8px;border:1px solid #d9d9d9;border-radius:6px;background:#fff}
textarea{height:96px;resize:vertical}
label{display:block;margin:0 0 4px;color:#595959;font-size:12px}
.send{width:100%;padding:8px;border:0;border-radius:6px;background:#d4380d;color:#fff;cursor:pointer}
.send[disabled]{opacity:.6}
.msg{margin:8px 0 0}.err{color:#cf1322}.ok{color:#389e0d}
.reply{margin:12px 0 0;padding:8px;background:#f6ffed;border-radius:6px}
.reply b{display:block;font-size:12px;color:#389e0d}
@media (max-width:480px){.modal,.slide_in,.panel{left:0;right:0;bottom:0;top:auto;transform:none;width:100%;max-width:100%;border-radius:12px 12px 0 0}
.panel.bottom_right,.panel.right_middle{right:0}}`;

/**
 * A fixed, zero-size element with an open shadow root holding the SDK's styles: what is shown inside is fixed to
 * the viewport, so the host page's layout never shifts. `into` (an embedded intercept's container) makes it an
 * ordinary block instead.
 */
export function shadowHost(into?: Element): { host: HTMLElement; root: ShadowRoot } {
  const host = el('div', { 'data-loopcx': '' });
  host.style.cssText = into
    ? 'display:block;position:relative'
    : 'position:fixed;top:0;left:0;width:0;height:0;z-index:2147483000';
  const root = host.attachShadow({ mode: 'open' });
  root.appendChild(el('style', {}, CSS));
  (into ?? document.body ?? document.documentElement).appendChild(host);
  return { host, root };
}
