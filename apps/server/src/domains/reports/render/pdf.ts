import { readFileSync } from 'node:fs';
import type { TReportModel } from '@loopcx/shared';
import PDFDocument from 'pdfkit';
import { fill, formatValue, REPORT_STRINGS, signed } from '../strings.ts';
import { periodLabel } from './labels.ts';

/** Noto Sans SC (OFL, shipped): pdfkit embeds only the glyphs a report uses, so a PDF stays ~100 KB. */
const FONT_FILE = new URL('../../../../assets/fonts/NotoSansSC-Regular.ttf', import.meta.url);
let font: Buffer | undefined;
/** Read once per process (10 MB); pdfkit parses it per document. */
const fontData = () => {
  font ??= readFileSync(FONT_FILE);
  return font;
};

const INK = '#1f2937';
const MUTED = '#6b7280';
const RULE = '#e5e7eb';
const UP = '#15803d';
const DOWN = '#b91c1c';
const ACCENT = '#2563eb';
const MARGIN = 48;

interface Column {
  label: string;
  width: number;
  align?: 'left' | 'right';
}

/**
 * Renders a report as an A4 PDF with pdfkit, all text in the embedded Noto Sans SC (Chinese and Latin alike):
 * header, key metrics as a table with a sparkline per metric and a bar for the change, movers, negative topics
 * with verbatims, overdue tickets, provider sections, and "page n of m" in every footer.
 */
export function renderReportPdf(model: TReportModel): Promise<Buffer> {
  const s = REPORT_STRINGS[model.locale];
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: `${s.title} · ${model.orgUnit.name} · ${model.period.key}`, Producer: 'loopcx', Creator: 'loopcx' },
    lang: model.locale,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('noto', fontData());
  doc.font('noto');
  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN - 24;
  const ensure = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage();
  };

  // Header.
  doc.rect(MARGIN, MARGIN, width, 4).fill(ACCENT);
  doc
    .fillColor(INK)
    .fontSize(20)
    .text(`${model.orgUnit.name} · ${s[model.period.kind]}`, MARGIN, MARGIN + 14);
  doc.fontSize(10).fillColor(MUTED);
  doc.text(
    `${s.title}  |  ${s.period}: ${periodLabel(model.period, model.locale)} (${model.period.from} – ${lastDay(model.period.to)})  |  ${s.previous}: ${model.period.previousKey}`,
  );
  doc.text(`${s.generated}: ${model.generatedAt.slice(0, 16).replace('T', ' ')} UTC`);
  doc.moveDown(1);

  const heading = (text: string) => {
    ensure(60);
    doc.moveDown(0.6);
    doc.fillColor(INK).fontSize(13).text(text, MARGIN, doc.y);
    const y = doc.y + 2;
    doc
      .moveTo(MARGIN, y)
      .lineTo(MARGIN + width, y)
      .lineWidth(0.8)
      .strokeColor(RULE)
      .stroke();
    doc.y = y + 6;
  };
  const table = (
    cols: Column[],
    rowsOf: string[][],
    opts: { after?: (row: number, x: number, y: number) => void } = {},
  ) => {
    const rowH = 18;
    const head = () => {
      let x = MARGIN;
      const y = doc.y;
      doc.fontSize(8.5).fillColor(MUTED);
      for (const c of cols) {
        doc.text(c.label, x + 2, y + 4, {
          width: c.width - 4,
          align: c.align ?? 'left',
          lineBreak: false,
          height: rowH,
          ellipsis: true,
        });
        x += c.width;
      }
      doc
        .moveTo(MARGIN, y + rowH)
        .lineTo(MARGIN + width, y + rowH)
        .lineWidth(0.5)
        .strokeColor(RULE)
        .stroke();
      doc.y = y + rowH;
    };
    head();
    rowsOf.forEach((cells, i) => {
      if (doc.y + rowH > bottom()) {
        doc.addPage();
        head();
      }
      const y = doc.y;
      let x = MARGIN;
      doc.fontSize(9.5).fillColor(INK);
      cells.forEach((cell, j) => {
        const c = cols[j]!;
        doc.fillColor(INK).text(cell, x + 2, y + 4, {
          width: c.width - 4,
          align: c.align ?? 'left',
          lineBreak: false,
          height: rowH,
          ellipsis: true,
        });
        x += c.width;
      });
      opts.after?.(i, MARGIN, y);
      doc
        .moveTo(MARGIN, y + rowH)
        .lineTo(MARGIN + width, y + rowH)
        .lineWidth(0.3)
        .strokeColor(RULE)
        .stroke();
      doc.y = y + rowH;
    });
  };
  const note = (text: string) => {
    ensure(20);
    doc
      .fontSize(9.5)
      .fillColor(MUTED)
      .text(text, MARGIN, doc.y + 2, { width });
  };

  // Key metrics: value, previous, change (with a bar), n, significance, target, and a sparkline of sub-periods.
  heading(s.keyMetrics);
  const hasTarget = model.metrics.some((m) => m.target !== null);
  const cols: Column[] = [
    { label: s.metric, width: 96 },
    { label: s.value, width: 52, align: 'right' },
    { label: s.prev, width: 52, align: 'right' },
    { label: s.change, width: 52, align: 'right' },
    { label: '', width: 54 },
    { label: s.n, width: 48, align: 'right' },
    ...(hasTarget ? [{ label: s.target, width: 44, align: 'right' as const }] : []),
    { label: '', width: width - 354 - (hasTarget ? 44 : 0) },
  ];
  const maxChange = Math.max(1, ...model.metrics.map((m) => Math.abs(m.change ?? 0)));
  table(
    cols,
    model.metrics.map((m) => [
      m.label,
      m.suppressed ? s.suppressed : formatValue(m.key, m.value),
      formatValue(m.key, m.previous),
      `${signed(m.change, m.key === 'responses' ? 0 : 1)}${m.change !== null && m.significant ? ' *' : ''}`,
      '',
      String(m.n),
      ...(hasTarget ? [formatValue(m.key, m.target)] : []),
      '',
    ]),
    {
      after: (i, x0, y) => {
        const m = model.metrics[i]!;
        // Change bar: centred, green up / red down, solid when significant.
        const barX = x0 + 96 + 52 * 3 + 27;
        doc
          .moveTo(barX, y + 3)
          .lineTo(barX, y + 15)
          .lineWidth(0.5)
          .strokeColor(MUTED)
          .stroke();
        if (m.change !== null && m.change !== 0) {
          const w = (Math.abs(m.change) / maxChange) * 24;
          const colour = m.change > 0 ? UP : DOWN;
          doc
            .rect(m.change > 0 ? barX : barX - w, y + 6, w, 6)
            .fillOpacity(m.significant ? 1 : 0.35)
            .fill(colour);
          doc.fillOpacity(1);
        }
        // Sparkline over the sub-periods with data.
        const sx = x0 + 354 + (hasTarget ? 44 : 0) + 6;
        const sw = width - (sx - x0) - 6;
        const pts = m.trend.filter((t) => t.value !== null);
        if (pts.length >= 2) {
          const vals = pts.map((t) => t.value as number);
          const lo = Math.min(...vals);
          const hi = Math.max(...vals);
          const span = hi - lo || 1;
          pts.forEach((t, k) => {
            const px = sx + (k / (pts.length - 1)) * sw;
            const py = y + 15 - (((t.value as number) - lo) / span) * 12;
            if (k === 0) doc.moveTo(px, py);
            else doc.lineTo(px, py);
          });
          doc.lineWidth(1).strokeColor(ACCENT).stroke();
        }
      },
    },
  );
  note(`* ${s.significant} (95 %)`);

  heading(s.movers);
  if (model.movers.length === 0) note(s.noMovers);
  else
    table(
      [
        { label: s.unit, width: 170 },
        { label: s.metric, width: 90 },
        { label: s.value, width: 60, align: 'right' },
        { label: s.prev, width: 60, align: 'right' },
        { label: s.change, width: 60, align: 'right' },
        { label: s.n, width: width - 440, align: 'right' },
      ],
      model.movers.map((m) => [
        m.name,
        m.metricLabel,
        formatValue(m.metric, m.value),
        formatValue(m.metric, m.previous),
        signed(m.change),
        String(m.n),
      ]),
    );

  heading(s.topics);
  if (model.topics.length === 0) note(s.noTopics);
  for (const t of model.topics) {
    ensure(40 + 16 * t.verbatims.length);
    doc
      .fontSize(10.5)
      .fillColor(INK)
      .text(t.name, MARGIN, doc.y + 4, { continued: true });
    doc
      .fontSize(9)
      .fillColor(MUTED)
      .text(
        `   ${s.negative} ${t.negative} / ${t.n}${t.negativeShare !== null ? ` · ${t.negativeShare.toFixed(0)}%` : ''}${t.change !== null ? ` (${signed(t.change, 0)} pt)` : ''}`,
      );
    for (const v of t.verbatims) {
      const y = doc.y + 2;
      doc.rect(MARGIN + 4, y + 1, 2, 10).fill(DOWN);
      doc
        .fontSize(9)
        .fillColor(INK)
        .text(`“${v.text}”${v.unit ? ` — ${v.unit}` : ''}`, MARGIN + 12, y, { width: width - 12 });
    }
  }

  heading(`${s.overdue} (${model.overdueTickets.total})`);
  if (model.overdueTickets.total === 0) note(s.noOverdue);
  else {
    table(
      [
        { label: s.ticket, width: 70 },
        { label: '', width: 190 },
        { label: s.unit, width: 100 },
        { label: s.priority, width: 50 },
        { label: s.hoursOverdue, width: width - 410, align: 'right' },
      ],
      model.overdueTickets.items.map((t) => [
        `T-${String(t.number).padStart(6, '0')}`,
        t.title,
        t.unit ?? '—',
        s.priorities[t.priority] ?? t.priority,
        String(t.hoursOverdue),
      ]),
    );
    const rest = model.overdueTickets.total - model.overdueTickets.items.length;
    if (rest > 0) note(fill(s.more, { n: rest }));
  }

  for (const section of model.sections) {
    heading(`${section.title} (${section.total})`);
    const w = width / Math.max(1, section.columns.length);
    table(
      section.columns.map((label) => ({ label, width: w })),
      section.rows,
    );
  }

  // Page numbers, drawn into every buffered page's bottom margin.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const keep = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .fontSize(8)
      .fillColor(MUTED)
      .text(fill(s.page, { n: i + 1, of: range.count }), MARGIN, doc.page.height - MARGIN + 10, {
        width,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = keep;
  }
  doc.end();
  return done;
}

/** The last day of a period given its exclusive end. */
const lastDay = (to: string) => new Date(Date.parse(to) - 86_400_000).toISOString().slice(0, 10);
