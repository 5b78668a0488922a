import type { TReportModel } from '@loopcx/shared';
import { fill, formatValue, REPORT_STRINGS, signed } from '../strings.ts';
import { periodLabel } from './labels.ts';

/** HTML-escapes text for an element body or a double-quoted attribute. */
export const esc = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const TD = 'padding:6px 8px;border-bottom:1px solid #e5e7eb;font-size:13px;';
const TH =
  'padding:6px 8px;border-bottom:1px solid #d1d5db;font-size:12px;color:#6b7280;text-align:left;font-weight:normal;';
const H2 = 'font-size:16px;color:#1f2937;margin:24px 0 8px;';
const MUTED = 'color:#6b7280;font-size:13px;';

const table = (head: string[], body: string[][], right: number[] = []) =>
  `<table role="presentation" cellspacing="0" cellpadding="0" style="border-collapse:collapse;width:100%;">` +
  `<tr>${head.map((h, i) => `<th style="${TH}${right.includes(i) ? 'text-align:right;' : ''}">${esc(h)}</th>`).join('')}</tr>` +
  body
    .map(
      (r) =>
        `<tr>${r.map((c, i) => `<td style="${TD}${right.includes(i) ? 'text-align:right;' : ''}">${c}</td>`).join('')}</tr>`,
    )
    .join('') +
  `</table>`;

const changeCell = (change: number | null, significant: boolean, digits = 1) => {
  if (change === null) return '—';
  const colour = !significant ? '#6b7280' : change > 0 ? '#15803d' : '#b91c1c';
  return `<span style="color:${colour};${significant ? 'font-weight:bold;' : ''}">${esc(signed(change, digits))}${significant ? ' *' : ''}</span>`;
};

/**
 * The report as an email body: inline styles only (mail clients drop <style>), every value from the model escaped
 * (unit names, topic names, verbatims and ticket titles are tenant or customer text), a link to the printable page.
 */
export function renderReportHtml(
  model: TReportModel,
  consoleUrl: string,
): { subject: string; html: string; text: string } {
  const s = REPORT_STRINGS[model.locale];
  const label = periodLabel(model.period, model.locale);
  const subject = `${model.orgUnit.name} · ${s[model.period.kind]} · ${label}`;
  const link = `${consoleUrl.replace(/\/$/, '')}/reports/${encodeURIComponent(model.orgUnit.id)}/${encodeURIComponent(model.period.key)}`;
  const hasTarget = model.metrics.some((m) => m.target !== null);
  const parts: string[] = [];
  parts.push(
    `<div style="font-family:-apple-system,'PingFang SC','Microsoft YaHei','Noto Sans SC',Arial,sans-serif;color:#1f2937;max-width:680px;margin:0 auto;padding:16px;">`,
    `<div style="height:4px;background:#2563eb;"></div>`,
    `<h1 style="font-size:20px;margin:12px 0 4px;">${esc(subject)}</h1>`,
    `<p style="${MUTED}margin:0 0 8px;">${esc(fill(s.emailIntro, { unit: model.orgUnit.name, period: label }))}</p>`,
    `<h2 style="${H2}">${esc(s.keyMetrics)}</h2>`,
    table(
      [s.metric, s.value, s.prev, s.change, s.n, ...(hasTarget ? [s.target] : [])],
      model.metrics.map((m) => [
        esc(m.label),
        esc(m.suppressed ? s.suppressed : formatValue(m.key, m.value)),
        esc(formatValue(m.key, m.previous)),
        changeCell(m.change, m.significant, m.key === 'responses' ? 0 : 1),
        String(m.n),
        ...(hasTarget ? [esc(formatValue(m.key, m.target))] : []),
      ]),
      [1, 2, 3, 4, 5],
    ),
    `<p style="${MUTED}">* ${esc(s.significant)} (95 %)</p>`,
    `<h2 style="${H2}">${esc(s.movers)}</h2>`,
    model.movers.length
      ? table(
          [s.unit, s.metric, s.value, s.change, s.n],
          model.movers.map((m) => [
            esc(m.name),
            esc(m.metricLabel),
            esc(formatValue(m.metric, m.value)),
            changeCell(m.change, true),
            String(m.n),
          ]),
          [2, 3, 4],
        )
      : `<p style="${MUTED}">${esc(s.noMovers)}</p>`,
    `<h2 style="${H2}">${esc(s.topics)}</h2>`,
  );
  if (!model.topics.length) parts.push(`<p style="${MUTED}">${esc(s.noTopics)}</p>`);
  for (const t of model.topics) {
    parts.push(
      `<p style="margin:12px 0 4px;font-size:14px;"><b>${esc(t.name)}</b> <span style="${MUTED}">${esc(`${s.negative} ${t.negative} / ${t.n}`)}</span></p>`,
      ...t.verbatims.map(
        (v) =>
          `<p style="margin:2px 0 2px 8px;padding-left:8px;border-left:3px solid #b91c1c;font-size:13px;">${esc(v.text)}${v.unit ? ` <span style="${MUTED}">— ${esc(v.unit)}</span>` : ''}</p>`,
      ),
    );
  }
  parts.push(`<h2 style="${H2}">${esc(`${s.overdue} (${model.overdueTickets.total})`)}</h2>`);
  parts.push(
    model.overdueTickets.total
      ? table(
          [s.ticket, '', s.unit, s.hoursOverdue],
          model.overdueTickets.items.map((t) => [
            `T-${String(t.number).padStart(6, '0')}`,
            esc(t.title),
            esc(t.unit ?? '—'),
            String(t.hoursOverdue),
          ]),
          [3],
        )
      : `<p style="${MUTED}">${esc(s.noOverdue)}</p>`,
  );
  for (const section of model.sections)
    parts.push(
      `<h2 style="${H2}">${esc(`${section.title} (${section.total})`)}</h2>`,
      table(
        section.columns,
        section.rows.map((r) => r.map(esc)),
      ),
    );
  parts.push(`<p style="margin-top:24px;"><a href="${esc(link)}" style="color:#2563eb;">${esc(s.open)}</a></p></div>`);
  const text = [
    subject,
    fill(s.emailIntro, { unit: model.orgUnit.name, period: label }),
    '',
    ...model.metrics.map((m) => `${m.label}: ${formatValue(m.key, m.value)} (${signed(m.change)}) n=${m.n}`),
    '',
    link,
  ].join('\n');
  return { subject, html: parts.join(''), text };
}
