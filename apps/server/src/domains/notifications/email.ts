import type { TUiLang } from '@loopcx/shared';

/** An email as sent: subject, the plain-text alternative and the HTML part. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** Escapes text for HTML element content and double-quoted attributes. */
export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** An absolute console URL for a console path (`/tickets/…`); only paths of our own origin become links. */
export function consoleUrl(publicUrl: string, link: string | null | undefined): string | null {
  if (!link?.startsWith('/') || link.startsWith('//')) return null;
  return `${publicUrl}${link}`;
}

const WORDS: Record<TUiLang, { open: string; footer: string }> = {
  'zh-CN': {
    open: '在 loopcx 中处理',
    footer: '你收到这封邮件，是因为你的通知设置开启了邮件。可在 loopcx 的“通知设置”中修改。',
  },
  en: {
    open: 'Handle it in loopcx',
    footer:
      'You receive this email because email is on in your notification settings. Change them under “Notification settings” in loopcx.',
  },
};

/**
 * The frame every notification email shares: a heading, the caller's HTML blocks (already escaped by the caller),
 * a button to where it is handled and a footer. Inline styles only (mail clients drop <style>); no remote images.
 */
export function emailFrame(opts: { lang: TUiLang; title: string; blocks: string[]; url: string | null }): string {
  const w = WORDS[opts.lang];
  const button = opts.url
    ? `<p style="margin:24px 0"><a href="${escapeHtml(opts.url)}" style="background:#1677ff;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(w.open)}</a></p>`
    : '';
  return `<!doctype html><html lang="${opts.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(opts.title)}</title></head>
<body style="margin:0;padding:0;background:#f5f5f5;font-family:-apple-system,'PingFang SC','Microsoft YaHei',Helvetica,Arial,sans-serif;color:#1f1f1f">
<div style="max-width:600px;margin:0 auto;padding:24px 16px"><div style="background:#fff;border-radius:8px;padding:24px">
<h1 style="font-size:18px;margin:0 0 16px">${escapeHtml(opts.title)}</h1>
${opts.blocks.join('\n')}
${button}
</div><p style="font-size:12px;color:#8c8c8c;margin:16px 8px">${escapeHtml(w.footer)}</p></div></body></html>`;
}

/** The default email of a notification: its title, its body as paragraphs, the link. */
export function renderNotificationEmail(opts: {
  lang: TUiLang;
  title: string;
  body: string;
  url: string | null;
}): RenderedEmail {
  const paragraphs = opts.body
    .split(/\n{2,}/)
    .map((p) => `<p style="margin:0 0 12px;line-height:1.6">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`);
  return {
    subject: opts.title,
    text: [opts.title, '', opts.body, ...(opts.url ? ['', `${WORDS[opts.lang].open}: ${opts.url}`] : [])].join('\n'),
    html: emailFrame({ lang: opts.lang, title: opts.title, blocks: paragraphs, url: opts.url }),
  };
}
