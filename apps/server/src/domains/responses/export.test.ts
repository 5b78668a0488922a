import { existsSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../app.ts';
import { one, rows, sql } from '../../platform/db.ts';
import { problem, setupTestSuite } from '../../testing/harness.ts';
import { expireExports } from './commands/expire-exports.ts';
import { exportDir } from './commands/export-responses.ts';

const env = setupTestSuite();
let surveyId: string;
const l = (zh: string, en: string) => ({ default: en, 'zh-cn': zh });

/** RFC 4180 CSV as a spreadsheet reads it (quoted cells, doubled quotes, CRLF rows). */
function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endCell();
    else if (c === '\r' && text[i + 1] === '\n') {
      endCell();
      out.push(row);
      row = [];
      i++;
    } else cell += c;
  }
  if (cell || row.length) {
    endCell();
    out.push(row);
  }
  return out;
}

const v1 = {
  pages: [
    {
      elements: [
        { type: 'rating', name: 'nps', title: l('推荐意愿', 'Likelihood to recommend'), rateMin: 0, rateMax: 10 },
        {
          type: 'checkbox',
          name: 'improve',
          title: l('需要改进', 'To improve'),
          choices: [
            { value: 'taste', text: l('口味', 'Taste') },
            { value: 'speed', text: l('速度', 'Speed') },
            { value: 'price', text: l('价格', 'Price') },
          ],
        },
        { type: 'boolean', name: 'again', title: l('还会再来吗', 'Come again?') },
        {
          type: 'matrix',
          name: 'grid',
          title: l('逐项评价', 'Rate each'),
          rows: [
            { value: 'food', text: l('菜品', 'Food') },
            { value: 'room', text: l('环境', 'Room') },
          ],
          columns: [
            { value: 'good', text: l('好', 'Good') },
            { value: 'bad', text: l('差', 'Bad') },
          ],
        },
        {
          type: 'radiogroup',
          name: 'visit',
          title: l('就餐方式', 'Visit'),
          choices: [{ value: 'dine', text: l('堂食', 'Dine in') }],
        },
        { type: 'comment', name: 'why', title: l('原因', 'Reason') },
      ],
    },
  ],
};
// Version 2 drops `visit` and adds a multiple-text question: an export over both versions has both.
const v2 = {
  pages: [
    {
      elements: [
        ...v1.pages[0].elements.filter((e) => e.name !== 'visit'),
        {
          type: 'multipletext',
          name: 'contact',
          title: l('联系方式', 'Contact'),
          items: [{ name: 'city', title: l('城市', 'City') }],
        },
      ],
    },
  ],
};

beforeAll(async () => {
  const admin = env.a.as('admin');
  surveyId = (
    await env.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: admin,
      payload: { name: '门店体验', definition: v1, bindings: { nps: 'nps' } },
    })
  ).json().id;
  await env.inject({ method: 'POST', url: `/api/v1/surveys/${surveyId}/publish`, headers: admin });
  const key = (
    await env.inject({ method: 'POST', url: '/api/v1/api-keys', headers: admin, payload: { name: 'k' } })
  ).json().key;
  const send = async (answers: Record<string, unknown>, at: string, i: number) => {
    const res = await env.inject({
      method: 'POST',
      url: '/api/v1/responses/batch',
      headers: { authorization: `Bearer ${key}` },
      payload: {
        responses: [
          { surveyId, answers, orgUnitCode: env.a.units.S1.code, submittedAt: at, idempotencyKey: `export-test-${i}` },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  // 16:30 UTC is 00:30 the next day in Asia/Shanghai, the test tenant's time zone.
  await send(
    {
      nps: 3,
      improve: ['taste', 'price'],
      again: false,
      grid: { food: 'bad', room: 'good' },
      visit: 'dine',
      why: '=1+1 太慢',
    },
    '2026-03-01T16:30:00.000Z',
    1,
  );
  await env.inject({
    method: 'PATCH',
    url: `/api/v1/surveys/${surveyId}`,
    headers: admin,
    payload: { definition: v2 },
  });
  await env.inject({ method: 'POST', url: `/api/v1/surveys/${surveyId}/publish`, headers: admin });
  await send({ nps: 10, improve: ['speed'], again: true, contact: { city: '上海' } }, '2026-03-02T02:00:00.000Z', 2);
});

async function exportFile(payload: Record<string, unknown>) {
  const start = await env.inject({
    method: 'POST',
    url: '/api/v1/responses/exports',
    headers: env.a.as('admin'),
    payload: { filters: { surveyId }, ...payload },
  });
  expect(start.statusCode).toBe(202);
  while ((await env.runJobs()) > 0);
  const file = await env.inject({
    method: 'GET',
    url: `/api/v1/responses/exports/${start.json().id}/download`,
    headers: env.a.as('admin'),
  });
  expect(file.statusCode).toBe(200);
  return file;
}

const column = (table: string[][], header: string) => {
  const at = table[0].indexOf(header);
  expect(at, `column ${header} in ${table[0].join(' | ')}`).toBeGreaterThanOrEqual(0);
  return table.slice(2).map((r) => r[at]);
};

describe('responses export: one column per question, the way analysts open it', () => {
  it('CSV: BOM, titles in Chinese with keys in the second row, labels, "; "-joined multi-select, tenant-time dates, union of versions', async () => {
    const file = await exportFile({ format: 'csv', options: { lang: 'zh-CN' } });
    expect(file.body.startsWith('\uFEFF')).toBe(true);
    const table = parseCsv(file.body.slice(1).trimEnd());
    expect(table).toHaveLength(4);
    const [titles, keys] = table;
    expect(titles.slice(0, 4)).toEqual(['答卷编号', '提交时间', '问卷', '问卷版本']);
    // Survey order of the newest version, then what only version 1 had; a matrix row per column.
    const q = titles.indexOf('推荐意愿');
    expect(titles.slice(q)).toEqual([
      '推荐意愿',
      '需要改进',
      '还会再来吗',
      '逐项评价 - 菜品',
      '逐项评价 - 环境',
      '原因',
      '联系方式 - 城市',
      '就餐方式',
    ]);
    expect(keys.slice(q)).toEqual([
      'nps',
      'improve',
      'again',
      'grid.food',
      'grid.room',
      'why',
      'contact.city',
      'visit',
    ]);
    expect(column(table, '提交时间')).toEqual(['2026-03-02 00:30:00', '2026-03-02 10:00:00']);
    expect(column(table, '问卷版本')).toEqual(['1', '2']);
    expect(column(table, '组织编码')).toEqual([env.a.units.S1.code, env.a.units.S1.code]);
    expect(column(table, '渠道')).toEqual(['API 接入', 'API 接入']);
    expect(column(table, '需要改进')).toEqual(['口味; 价格', '速度']);
    expect(column(table, '还会再来吗')).toEqual(['否', '是']);
    expect(column(table, '逐项评价 - 菜品')).toEqual(['差', '']);
    expect(column(table, '就餐方式')).toEqual(['堂食', '']);
    expect(column(table, '联系方式 - 城市')).toEqual(['', '上海']);
    expect(column(table, '原因')).toEqual(["'=1+1 太慢", '']);
    expect(column(table, 'NPS 得分')).toEqual(['3', '10']);
    expect(column(table, 'NPS 分类')).toEqual(['贬损者', '推荐者']);
    expect(table[0]).toContain('情感');
    expect(table[0]).toContain('话题');
  });

  it('CSV in English with values beside labels, one 0/1 column per choice, and keys in the header', async () => {
    const file = await exportFile({
      format: 'csv',
      options: { lang: 'en', values: 'both', multi: 'split', keys: 'header' },
    });
    const table = parseCsv(file.body.slice(1).trimEnd());
    expect(table).toHaveLength(3);
    const [h] = table;
    expect(h).toContain('Submitted at [submitted_at]');
    const at = (name: string) => {
      const i = h.indexOf(name);
      expect(i, name).toBeGreaterThanOrEqual(0);
      return table.slice(1).map((r) => r[i]);
    };
    expect(at('To improve - Taste [improve.taste]')).toEqual(['1', '0']);
    expect(at('To improve - Speed [improve.speed]')).toEqual(['0', '1']);
    expect(at('Visit [visit]')).toEqual(['Dine in', '']);
    expect(at('Visit (value) [visit#value]')).toEqual(['dine', '']);
    expect(at('Come again? [again]')).toEqual(['No', 'Yes']);
    expect(at('Come again? (value) [again#value]')).toEqual(['false', 'true']);
    expect(at('NPS category [nps_category]')).toEqual(['Detractor', 'Promoter']);
  });

  it('XLSX: the same columns, real date cells in tenant time, numbers as numbers; titles only with keys=none', async () => {
    const file = await exportFile({ format: 'xlsx', options: { lang: 'en', keys: 'none', values: 'values' } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toContain('Likelihood to recommend');
    expect(header).toContain('Rate each - Food');
    expect(ws.rowCount).toBe(3);
    const cell = (row: number, title: string) => ws.getRow(row).getCell(header.indexOf(title) + 1).value;
    expect(cell(2, 'Submitted at')).toEqual(new Date('2026-03-02T00:30:00.000Z'));
    expect(cell(2, 'Likelihood to recommend')).toBe(3);
    expect(cell(2, 'To improve')).toBe('taste; price');
    expect(cell(2, 'Rate each - Food')).toBe('bad');
    expect(cell(3, 'Contact - City')).toBe('上海');
  });

  it('the file is kept in the database, not on the worker’s disk: any node serves the download (issue 21, break 3)', async () => {
    const file = await exportFile({ format: 'csv', options: { lang: 'en' } });
    const [row] = await rows<{ id: string; file: string }>(
      env.t.ctx.db,
      sql`SELECT id, file FROM exports WHERE tenant_id = ${env.a.tenantId} ORDER BY created_at DESC, id LIMIT 1`,
    );
    expect(row.file).toBe(`stored:export-${row.id}.csv`);
    expect(existsSync(join(exportDir(env.t.ctx), `${row.id}.csv`))).toBe(false);
    // Another web node: a server of its own on the same database, which never ran the job.
    const other = await buildServer(env.t.ctx);
    try {
      const again = await other.inject({
        method: 'GET',
        url: `/api/v1/responses/exports/${row.id}/download`,
        headers: env.a.as('admin'),
      });
      expect(again.statusCode).toBe(200);
      expect(again.body).toBe(file.body);
    } finally {
      await other.close();
    }
  });

  it('a finished export expires after LOOPCX_EXPORT_RETENTION_DAYS: its file is deleted, the download answers 410, the record stays', async () => {
    await exportFile({ format: 'csv' });
    const fresh = await exportFile({ format: 'xlsx' });
    const [old, recent] = await rows<{ id: string; file: string }>(
      env.t.ctx.db,
      sql`SELECT id, file FROM exports WHERE tenant_id = ${env.a.tenantId} AND status = 'done' ORDER BY created_at DESC, id DESC LIMIT 2`,
    ).then((r) => [r[1], r[0]]);
    await env.t.ctx.db.execute(
      sql`UPDATE exports SET finished_at = now() - interval '8 days' WHERE tenant_id = ${env.a.tenantId} AND id = ${old.id}`,
    );
    const keepAll = { ...env.t.ctx, config: { ...env.t.ctx.config, exportRetentionDays: 0 } };
    expect(await expireExports(keepAll, { tenantId: env.a.tenantId })).toBe(0);
    const week = { ...env.t.ctx, config: { ...env.t.ctx.config, exportRetentionDays: 7 } };
    // Other exports of this suite finished just now: only the one made 8 days old goes.
    expect(await expireExports(week, { tenantId: env.a.tenantId })).toBe(1);
    expect(await expireExports(week, { tenantId: env.a.tenantId })).toBe(0);
    const fileId = old.file.replace(/^stored:/, '');
    const left = await one<{ files: number; chunks: number }>(
      env.t.ctx.db,
      sql`SELECT (SELECT count(*)::int FROM stored_files WHERE tenant_id = ${env.a.tenantId} AND id = ${fileId}) AS files,
                 (SELECT count(*)::int FROM stored_file_chunks WHERE tenant_id = ${env.a.tenantId} AND file_id = ${fileId}) AS chunks`,
    );
    expect(left).toEqual({ files: 0, chunks: 0 });
    const status = await env.inject({
      method: 'GET',
      url: `/api/v1/responses/exports/${old.id}`,
      headers: env.a.as('admin'),
    });
    expect(status.json().status).toBe('expired');
    const gone = await env.inject({
      method: 'GET',
      url: `/api/v1/responses/exports/${old.id}/download`,
      headers: env.a.as('admin'),
    });
    expect(gone.statusCode).toBe(410);
    expect(problem(gone).detail).toMatch(/export again/);
    // The recent export still downloads, byte for byte.
    const again = await env.inject({
      method: 'GET',
      url: `/api/v1/responses/exports/${recent.id}/download`,
      headers: env.a.as('admin'),
    });
    expect(again.statusCode).toBe(200);
    expect(again.rawPayload.equals(fresh.rawPayload)).toBe(true);
  });

  it('bad options are refused with problem+json; another tenant cannot download', async () => {
    for (const options of [{ keys: 'sideways' }, { lang: 'fr' }, { multi: 'explode' }, { extra: 1 }]) {
      const res = await env.inject({
        method: 'POST',
        url: '/api/v1/responses/exports',
        headers: env.a.as('admin'),
        payload: { format: 'csv', options },
      });
      expect(res.statusCode, JSON.stringify(options)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(problem(res).invalidParams?.[0]?.name).toMatch(/options/);
    }
    const start = await env.inject({
      method: 'POST',
      url: '/api/v1/responses/exports',
      headers: env.a.as('admin'),
      payload: { format: 'csv', filters: { surveyId } },
    });
    while ((await env.runJobs()) > 0);
    const row = await one<{ status: string }>(
      env.t.ctx.db,
      sql`SELECT status FROM exports WHERE id = ${start.json().id}`,
    );
    expect(row?.status).toBe('done');
    expect(
      (
        await env.inject({
          method: 'GET',
          url: `/api/v1/responses/exports/${start.json().id}/download`,
          headers: env.b.as('admin'),
        })
      ).statusCode,
    ).toBe(404);
  });
});
