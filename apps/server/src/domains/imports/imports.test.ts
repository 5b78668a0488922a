import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../../platform/db.ts';
import { encodeGbk } from '../../testing/gbk.ts';
import { problem, setupTestSuite } from '../../testing/harness.ts';

const env = setupTestSuite();
let surveyId: string;
let surveyB: string;

const DEF = {
  elements: [
    {
      type: 'rating',
      name: 'nps',
      title: { 'zh-cn': '推荐意愿', en: 'Likelihood to recommend' },
      rateMin: 0,
      rateMax: 10,
      isRequired: true,
    },
    { type: 'comment', name: 'why', title: { 'zh-cn': '原因', en: 'Reason' } },
    {
      type: 'radiogroup',
      name: 'visit',
      title: { 'zh-cn': '用餐方式', en: 'Visit type' },
      choices: [
        { value: 'dine', text: { 'zh-cn': '堂食', en: 'Dine-in' } },
        { value: 'takeout', text: { 'zh-cn': '外卖', en: 'Takeout' } },
      ],
    },
  ],
};

async function createSurvey(headers: Record<string, string>) {
  const id = (
    await env.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers,
      payload: { name: 'History', definition: DEF, bindings: { nps: 'nps' } },
    })
  ).json().id;
  await env.inject({ method: 'POST', url: `/api/v1/surveys/${id}/publish`, headers });
  return id as string;
}

const upload = (
  body: Buffer | string,
  opts: { type?: string; name?: string; who?: string; survey?: string; query?: string } = {},
) =>
  env.inject({
    method: 'POST',
    url: `/api/v1/surveys/${opts.survey ?? surveyId}/response-imports?fileName=${encodeURIComponent(opts.name ?? 'history.csv')}${opts.query ?? ''}`,
    headers: { ...env.a.as(opts.who ?? 'admin'), 'content-type': opts.type ?? 'text/csv' },
    payload: typeof body === 'string' ? Buffer.from(body) : body,
  });

const base = (id: string) => `/api/v1/surveys/${surveyId}/response-imports/${id}`;

/** Upload, keep the suggested mapping (optionally changed), start, run the job, answer the finished import. */
async function importFile(
  body: Buffer | string,
  opts: { type?: string; mapping?: Record<string, unknown>; query?: string } = {},
) {
  const up = await upload(body, { type: opts.type, query: opts.query });
  expect(up.statusCode, up.body).toBe(201);
  const imp = up.json();
  const mapped = await env.inject({
    method: 'POST',
    url: `${base(imp.id)}/mapping`,
    headers: env.a.as('admin'),
    payload: { columns: imp.mapping.columns, ...(opts.mapping ?? {}) },
  });
  expect(mapped.statusCode, mapped.body).toBe(200);
  const started = await env.inject({ method: 'POST', url: `${base(imp.id)}/start`, headers: env.a.as('admin') });
  expect(started.statusCode, started.body).toBe(202);
  await env.runJobs(['responses.import']);
  return {
    up: imp,
    preview: mapped.json(),
    done: (await env.inject({ method: 'GET', url: base(imp.id), headers: env.a.as('admin') })).json(),
  };
}

const rejectsOf = async (id: string) => {
  const res = await env.inject({ method: 'GET', url: `${base(id)}/rejects.csv`, headers: env.a.as('admin') });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toContain('text/csv');
  return res.body
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
};

beforeAll(async () => {
  surveyId = await createSurvey(env.a.as('admin'));
  surveyB = await createSurvey(env.b.as('admin'));
});

describe('historical response imports', () => {
  it('UTF-8 CSV with Chinese headers: suggested mapping, preview with problems, import with original times, reject report', async () => {
    const S1 = env.a.units.S1.code;
    const csv = [
      '提交时间,组织编码,推荐意愿,原因,用餐方式',
      `2025-03-01 09:30:00,${S1},9,"好吃, 服务好",堂食`,
      `2025-03-02 12:00,${S1},3,上菜慢,外卖`,
      `2025-03-03,${S1},11,超出范围,堂食`,
      `2025-03-04 10:00:00,NOPE,8,单位不存在,堂食`,
      `2025-03-05 10:00:00,${S1},7,,自提`,
      `not a time,${S1},7,,堂食`,
      `2025-03-06 10:00:00,${S1},,缺少必答,堂食`,
    ].join('\n');
    const { up, preview, done } = await importFile(csv);
    expect(up).toMatchObject({ status: 'uploaded', format: 'csv', encoding: 'utf-8' });
    expect(up.mapping.columns).toEqual(['submittedAt', 'unitCode', 'q:nps', 'q:why', 'q:visit']);
    expect(preview.rows[0]).toMatchObject({
      row: 2,
      answers: { nps: 9, why: '好吃, 服务好', visit: 'dine' },
      problems: [],
    });
    // Asia/Shanghai wall clock → instant
    expect(preview.rows[0].submittedAt).toBe('2025-03-01T01:30:00.000Z');
    expect(preview.rows[2].problems.map((p: { column: number }) => p.column)).toEqual([3]);
    expect(done).toMatchObject({ status: 'done', progress: 100, totalRows: 7, importedRows: 2, rejectedRows: 5 });
    const report = await rejectsOf(up.id);
    expect(report[0]).toBe('行号,列号,列名,原因');
    expect(report.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
      '4,3,推荐意愿',
      '5,2,组织编码',
      '6,5,用餐方式',
      '7,1,提交时间',
      '8,3,推荐意愿',
    ]);
    // Said in the reader's language (zh-CN here); the API keeps the English reason beside the code.
    expect(report[2]).toMatch(/^5,2,组织编码,您的范围内没有组织编码为“.+”的组织$/);
    for (const line of report.slice(1)) expect(line.split(',')[3]).toMatch(/[\u4e00-\u9fff]/);
    expect(preview.rows[2].problems[0]).toMatchObject({ code: expect.stringMatching(/^(cell|answer)\./) });
    expect(preview.rows[2].problems[0].reason).toMatch(/^[\x20-\x7e]+$/);
    const stored = await rows<{ submitted_at: Date; channel: string; answers: Record<string, unknown> }>(
      env.t.ctx.db,
      sql`SELECT submitted_at, channel, answers FROM responses WHERE tenant_id = ${env.a.tenantId} AND survey_id = ${surveyId} ORDER BY submitted_at`,
    );
    expect(stored.map((r) => [new Date(r.submitted_at).toISOString(), r.channel])).toEqual([
      ['2025-03-01T01:30:00.000Z', 'import'],
      ['2025-03-02T04:00:00.000Z', 'import'],
    ]);
    // Rollups are the normal ingest path's: the historical day counts.
    const days = await rows<{ day: string }>(
      env.t.ctx.db,
      sql`SELECT DISTINCT day::text AS day FROM score_rollups WHERE tenant_id = ${env.a.tenantId} AND survey_id = ${surveyId} ORDER BY 1`,
    );
    expect(days.map((d) => d.day)).toEqual(['2025-03-01', '2025-03-02']);
  });

  it('re-running the same file duplicates nothing', async () => {
    const csv = `推荐意愿,组织编码,原因\n10,${env.a.units.S2.code},再来一次\n6,${env.a.units.S2.code},一般\n`;
    const first = await importFile(csv);
    expect(first.done).toMatchObject({ importedRows: 2, duplicateRows: 0 });
    const again = await importFile(csv);
    expect(again.done).toMatchObject({ status: 'done', importedRows: 0, duplicateRows: 2, rejectedRows: 0 });
    const n = await rows<{ n: number }>(
      env.t.ctx.db,
      sql`SELECT count(*)::int AS n FROM responses WHERE tenant_id = ${env.a.tenantId} AND answers->>'why' = '再来一次'`,
    );
    expect(n[0].n).toBe(1);
  });

  it('reads UTF-8 with BOM (English headers) and GBK/GB18030 (detected)', async () => {
    const S2 = env.a.units.S2.code;
    const bom = await importFile(
      `\uFEFFLikelihood to recommend,Unit code,Reason,Visit type\n8,${S2},BOM row,Takeout\n`,
    );
    expect(bom.up.encoding).toBe('utf-8-bom');
    expect(bom.up.mapping.columns).toEqual(['q:nps', 'unitCode', 'q:why', 'q:visit']);
    expect(bom.done.importedRows).toBe(1);
    const gbk = await importFile(encodeGbk(`推荐意愿,组织编码,原因,用餐方式\n5,${S2},菜是凉的，温度不够,外卖\n`));
    expect(gbk.up.encoding).toBe('gb18030');
    expect(gbk.up.headers).toEqual(['推荐意愿', '组织编码', '原因', '用餐方式']);
    expect(gbk.done.importedRows).toBe(1);
    const stored = await rows<{ answers: Record<string, unknown> }>(
      env.t.ctx.db,
      sql`SELECT answers FROM responses WHERE tenant_id = ${env.a.tenantId} AND answers->>'visit' = 'takeout' AND answers->>'nps' = '5'`,
    );
    expect(stored[0].answers.why).toBe('菜是凉的，温度不够');
  });

  it('reads .xlsx (dates as wall clock) and round-trips the export layout (title row + key row, id column)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('responses');
    ws.addRow(['答卷编号', '提交时间', '组织编码', 'NPS 得分', '推荐意愿', '原因']);
    ws.addRow(['id', 'submitted_at', 'unit_code', 'nps', 'nps', 'why']);
    ws.addRow(['r-1', new Date(Date.UTC(2025, 5, 1, 8, 0, 0)), env.a.units.S1.code, 4, 4, 'xlsx 行']);
    ws.addRow(['r-2', new Date(Date.UTC(2025, 5, 2, 8, 0, 0)), env.a.units.S1.code, 10, 10, 'xlsx row']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const x = await importFile(buf, { type });
    expect(x.up).toMatchObject({ format: 'xlsx', keyRow: true });
    expect(x.up.mapping.columns).toEqual(['externalId', 'submittedAt', 'unitCode', 'ignore', 'q:nps', 'q:why']);
    expect(x.done).toMatchObject({ status: 'done', importedRows: 2, totalRows: 2 });
    const t = await rows<{ submitted_at: Date }>(
      env.t.ctx.db,
      sql`SELECT submitted_at FROM responses WHERE tenant_id = ${env.a.tenantId} AND answers->>'why' = 'xlsx 行'`,
    );
    expect(new Date(t[0].submitted_at).toISOString()).toBe('2025-06-01T00:00:00.000Z');
    // The same ids in another file are the same responses.
    const csv = `答卷编号,推荐意愿,组织编码\nr-1,4,${env.a.units.S1.code}\n`;
    const again = await importFile(csv, { mapping: { columns: ['externalId', 'q:nps', 'unitCode'] } });
    expect(again.done.importedRows + again.done.rejectedRows).toBe(1);
    expect(again.done.importedRows).toBe(0);
  });

  it('a default unit stands in for a missing unit column', async () => {
    const r = await importFile('推荐意愿\n9\n', { mapping: { defaultOrgUnitId: env.a.units.S3.id } });
    expect(r.done.importedRows).toBe(1);
  });

  it('broken files answer clearly with row numbers', async () => {
    const S1 = env.a.units.S1.code;
    // Unbalanced quotes in the first rows: refused at upload.
    const early = await upload(`推荐意愿,组织编码,原因\n9,${S1},"没有闭合\n8,${S1},ok\n`);
    expect(early.statusCode).toBe(422);
    expect(problem(early).detail).toMatch(/Row 2: a quoted field is never closed/);
    // Far down the file: the import fails naming the row; the rows before it are imported.
    const lines = [`推荐意愿,组织编码,原因`];
    for (let i = 0; i < 40; i++) lines.push(`7,${S1},line ${i}`);
    lines.push(`7,${S1},"open`);
    const late = await importFile(`${lines.join('\n')}\n7,${S1},x\n`);
    expect(late.done.status).toBe('failed');
    expect(late.done.error).toMatch(/Row 42/);
    expect(late.done.importedRows).toBe(40);
    // Empty, binary and UTF-16 files.
    expect((await upload('')).statusCode).toBe(422);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n', 'utf16le')]);
    expect(problem(await upload(utf16)).detail).toMatch(/neither UTF-8 nor GB18030/);
    // Invalid bytes for the chosen encoding: that row is rejected.
    const mixed = Buffer.concat([
      Buffer.from(`推荐意愿,组织编码,原因\n9,${S1},ok\n9,${S1},`),
      Buffer.from([0xff, 0xfe, 0x41]),
      Buffer.from('\n'),
    ]);
    const m = await importFile(mixed, { query: '&encoding=utf-8' });
    expect(m.done).toMatchObject({ importedRows: 1, rejectedRows: 1 });
    expect((await rejectsOf(m.up.id))[1]).toBe('3,,,含有不是 UTF-8 编码的字节（请换一种编码）');
    // Mappings that cannot work: missing columns, wrong count, unknown question, twice the same target.
    const ok = (await upload(`推荐意愿,原因\n9,x\n`)).json();
    for (const [payload, text] of [
      [{ columns: ['q:nps', 'q:why'] }, 'missing column: unit'],
      [{ columns: ['q:nps'] }, 'the file has 2 columns'],
      [{ columns: ['q:nope', 'q:why'], defaultOrgUnitId: env.a.units.S1.id }, 'no question nope'],
      [{ columns: ['q:nps', 'q:nps'], defaultOrgUnitId: env.a.units.S1.id }, 'already mapped'],
      [{ columns: ['ignore', 'ignore'], defaultOrgUnitId: env.a.units.S1.id }, 'missing columns: answers'],
      [{ columns: ['q:nps', 'q:why'], defaultOrgUnitId: env.b.units.S1.id }, 'not found'],
    ] as const) {
      const res = await env.inject({
        method: 'POST',
        url: `${base(ok.id)}/mapping`,
        headers: env.a.as('admin'),
        payload,
      });
      expect(res.statusCode, text).toBe(text === 'not found' ? 404 : 422);
      expect(problem(res).detail, text).toContain(text);
    }
    expect(
      (await env.inject({ method: 'POST', url: `${base(ok.id)}/start`, headers: env.a.as('admin') })).statusCode,
    ).toBe(422);
  });

  it('401, 403 for roles without responses.write, 415 for other types, 404 across tenants and surveys', async () => {
    expect(
      (
        await env.inject({
          method: 'POST',
          url: `/api/v1/surveys/${surveyId}/response-imports`,
          payload: 'a',
          headers: { 'content-type': 'text/csv' },
        })
      ).statusCode,
    ).toBe(401);
    for (const who of ['analyst', 'manager', 'viewer'])
      expect((await upload('a\n1\n', { who })).statusCode, who).toBe(403);
    expect((await upload('a\n1\n', { type: 'text/plain' })).statusCode).toBe(415);
    expect((await upload('a\n1\n', { survey: surveyB })).statusCode).toBe(404);
    const mine = (await upload(`推荐意愿\n9\n`)).json();
    for (const url of [base(mine.id), `${base(mine.id)}/rejects.csv`, `${base(mine.id)}/preview`]) {
      expect((await env.inject({ method: 'GET', url, headers: env.b.as('admin') })).statusCode).toBe(404);
      expect(
        (await env.inject({ method: 'GET', url: url.replace(surveyId, surveyB), headers: env.b.as('admin') }))
          .statusCode,
      ).toBe(404);
    }
    const list = await env.inject({
      method: 'GET',
      url: `/api/v1/surveys/${surveyB}/response-imports`,
      headers: env.b.as('admin'),
    });
    expect(list.json().items).toEqual([]);
    const mineList = await env.inject({
      method: 'GET',
      url: `/api/v1/surveys/${surveyId}/response-imports`,
      headers: env.a.as('admin'),
    });
    expect(mineList.json().items.length).toBeGreaterThan(5);
  });
});
