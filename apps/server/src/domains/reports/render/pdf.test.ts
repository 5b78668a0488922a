import type { TReportModel } from '@loopcx/shared';
import * as mupdf from 'mupdf';
import { describe, expect, it } from 'vitest';
import { renderReportHtml } from './html.ts';
import { renderReportPdf } from './pdf.ts';

/** The demo's East region, November: what a regional manager receives on 1 December. */
const east: TReportModel = {
  locale: 'zh-CN',
  generatedAt: '2026-12-01T00:00:00.000Z',
  orgUnit: { id: '00000000-0000-4000-8000-000000000001', code: 'EAST', name: '华东大区' },
  period: { key: '2026-11', kind: 'month', from: '2026-11-01', to: '2026-12-01', previousKey: '2026-10' },
  metrics: [
    {
      key: 'nps',
      label: 'NPS',
      value: 31.4,
      n: 6120,
      previous: 27.9,
      change: 3.5,
      significant: true,
      suppressed: false,
      target: null,
      trend: [28, 30, 33, 31, 34].map((v, i) => ({ key: `w${i}`, value: v, n: 1200 })),
    },
    {
      key: 'responses',
      label: '答卷数',
      value: 6120,
      n: 6120,
      previous: 5900,
      change: 220,
      significant: false,
      suppressed: false,
      target: null,
      trend: [],
    },
  ],
  movers: [
    {
      orgUnitId: 'a',
      name: '杭州',
      metric: 'nps',
      metricLabel: 'NPS',
      value: 22.1,
      previous: 30.5,
      change: -8.4,
      n: 2400,
      significant: true,
    },
  ],
  topics: [
    {
      topicId: 't',
      name: '上菜速度',
      n: 410,
      negative: 260,
      negativeShare: 63.4,
      change: 5.1,
      verbatims: [
        { text: '等了四十分钟才上菜', unit: '西湖店', at: '2026-11-12T04:00:00Z' },
        { text: '服务员说马上来，结果又等了二十分钟', unit: '武林店', at: '2026-11-13T04:00:00Z' },
      ],
    },
  ],
  overdueTickets: {
    total: 14,
    items: Array.from({ length: 10 }, (_, i) => ({
      id: `t${i}`,
      number: 1200 + i,
      title: `顾客投诉：菜品有异物 ${i}`,
      unit: '徐家汇店',
      priority: 'high',
      dueAt: '2026-11-28T00:00:00Z',
      hoursOverdue: 72 + i,
    })),
  },
  sections: [],
};

describe('report PDF', () => {
  it('renders the East region monthly report in zh-CN whose Chinese text really draws (Noto Sans SC embedded)', async () => {
    const pdf = await renderReportPdf(east);
    const doc = mupdf.Document.openDocument(pdf, 'application/pdf');
    expect(doc.countPages()).toBe(1);
    const page = doc.loadPage(0);
    const text = page.toStructuredText('preserve-whitespace').asText();
    expect(text).toContain('华东大区 · 月报');
    expect(text).toContain('核心指标');
    expect(text).toContain('等了四十分钟才上菜');
    expect(text).toContain('逾期工单 (14)');
    expect(text).toContain('另有 4 条');
    expect(text).toContain('第 1 / 1 页');
    // The font that draws the heading is the embedded Noto Sans SC subset.
    const fonts = new Set<string>();
    page.toStructuredText('preserve-whitespace').walk({ onChar: (_c, _o, font) => void fonts.add(font.getName()) });
    expect([...fonts].every((f) => /NotoSansSC/.test(f))).toBe(true);
    // Rasterised at 1×, the heading's area (below the blue rule, left half) holds dark glyph pixels.
    const pix = page.toPixmap(mupdf.Matrix.identity, mupdf.ColorSpace.DeviceGray, false, true);
    const w = pix.getWidth();
    const px = pix.getPixels();
    let dark = 0;
    for (let y = 60; y < 90; y++) for (let x = 48; x < 300; x++) if ((px[y * w + x] ?? 255) < 100) dark++;
    expect(dark).toBeGreaterThan(300);
    expect(Buffer.from(pix.asPNG()).subarray(1, 4).toString()).toBe('PNG');
  });

  it('flows a long report onto more pages, numbering each', async () => {
    const long: TReportModel = {
      ...east,
      locale: 'en',
      overdueTickets: {
        total: 80,
        items: Array.from({ length: 80 }, (_, i) => ({ ...east.overdueTickets.items[0]!, id: `x${i}`, number: i })),
      },
    };
    const doc = mupdf.Document.openDocument(await renderReportPdf(long), 'application/pdf');
    const pages = doc.countPages();
    expect(pages).toBeGreaterThan(1);
    expect(
      doc
        .loadPage(pages - 1)
        .toStructuredText('preserve-whitespace')
        .asText(),
    ).toContain(`Page ${pages} of ${pages}`);
  });

  it('escapes every tenant and customer text in the email', () => {
    const hostile = {
      ...east,
      orgUnit: { ...east.orgUnit, name: '<img src=x onerror=alert(1)>' },
      topics: [{ ...east.topics[0]!, verbatims: [{ text: '"><script>x</script>', unit: "a'b", at: '' }] }],
    };
    const { html, subject } = renderReportHtml(hostile, 'https://cx.example');
    expect(html).not.toMatch(/<img|<script/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&quot;&gt;&lt;script&gt;');
    expect(html).toContain('a&#39;b');
    expect(subject).toContain('<img'); // a header, not HTML: nodemailer encodes it
  });
});
