import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTaxonomyFile } from './domains/text/taxonomy-file.ts';
import { bootContext, closeContext } from './platform/boot.ts';
import { loadConfig } from './platform/config.ts';
import { sql } from './platform/db.ts';
import { createTestApp, createTestTenant } from './testing/harness.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'loopcx-text-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs `loopcx …` as a user would, with no database reachable unless `env` provides one. */
function loopcx(
  args: string[],
  stdin = '',
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'loopcx.mjs'), ...args], {
      cwd: tmp,
      // A data dir that must stay untouched and a PostgreSQL URL nothing listens on: `text analyze` opens neither.
      env: {
        ...process.env,
        LOOPCX_DATA_DIR: join(tmp, 'must-not-exist'),
        DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
        ...env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const lines = (out: string) =>
  out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

describe('loopcx text analyze', () => {
  it('writes one JSON line per input line — Chinese, English, empty — with restaurant topics, without a database', async () => {
    const input = [
      '味道不错，但是送餐太慢了',
      '',
      'The soup was cold and the waiter was rude',
      '服務態度很好 👍',
      '   ',
    ].join('\n');
    const res = await loopcx(['text', 'analyze'], `${input}\n`);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const out = lines(res.stdout);
    expect(out).toHaveLength(5);
    expect(out[0]).toMatchObject({ language: 'zh', sentiment: { label: 'negative' } });
    expect(out[0].topics).toEqual(
      expect.arrayContaining([
        { topic: 'taste', name: '味道', sentiment: expect.objectContaining({ label: 'positive' }) },
        { topic: 'delivery-speed', name: '送餐速度', sentiment: expect.objectContaining({ label: 'negative' }) },
      ]),
    );
    expect(out[0].keywords.length).toBeGreaterThan(0);
    expect(out[1]).toEqual({ language: 'zh', sentiment: { label: 'neutral', score: 0 }, topics: [], keywords: [] });
    expect(out[2]).toMatchObject({ language: 'en', sentiment: { label: 'negative' } });
    expect(out[2].topics.map((t: { topic: string }) => t.topic)).toEqual(
      expect.arrayContaining(['temperature', 'service-attitude']),
    );
    expect(out[3]).toMatchObject({
      language: 'zh',
      sentiment: { label: 'positive' },
      topics: [{ topic: 'service-attitude' }],
    });
    expect(out[4].sentiment.label).toBe('neutral');
    for (const o of out) expect(Object.keys(o)).toEqual(['language', 'sentiment', 'topics', 'keywords']);
    expect(existsSync(join(tmp, 'must-not-exist'))).toBe(false);
  });

  it('--lang forces the language; a bad --lang is refused', async () => {
    const res = await loopcx(['text', 'analyze', '--lang', 'en'], 'good\n');
    expect(lines(res.stdout)[0]).toMatchObject({ language: 'en', sentiment: { label: 'positive' } });
    const bad = await loopcx(['text', 'analyze', '--lang', 'fr'], 'good\n');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--lang must be zh, en or auto');
  });

  it('--taxonomy FILE: topics from the file (the shape GET /api/v1/text/taxonomy returns)', async () => {
    const file = join(tmp, 'taxonomy.json');
    writeFileSync(
      file,
      JSON.stringify({
        version: 3,
        topics: [
          {
            id: randomUUID(),
            code: 'kids',
            name: '儿童',
            nameEn: 'Children',
            parentId: null,
            rules: { zh: { include: ['儿童座椅', '宝宝椅'] }, en: { include: ['high chair*'] } },
            position: 0,
          },
          {
            code: 'parking',
            name: '停车',
            parentId: 'kids',
            rules: { zh: { include: ['停车'], exclude: ['停车场免费'] } },
          },
        ],
      }),
    );
    const res = await loopcx(['text', 'analyze', '--taxonomy', file], '儿童座椅太少了，停车也不方便\n味道很好\n');
    expect(res.code).toBe(0);
    const [first, second] = lines(res.stdout);
    expect(first.topics.map((t: { topic: string }) => t.topic)).toEqual(['kids', 'parking']);
    expect(first.topics[0].sentiment.label).toBe('negative');
    expect(second.topics).toEqual([]);
  });

  it.each([
    ['not JSON', '{topics:', 'not valid JSON'],
    ['no topics', '{"items":[]}', 'topics: '],
    ['bad code', '{"topics":[{"code":"Food Safety","name":"x"}]}', 'topics.0.code: lowercase letters'],
    [
      'empty keyword',
      '{"topics":[{"code":"a","name":"A","rules":{"zh":{"include":[""]}}}]}',
      'topics.0.rules.zh.include.0: keywords must not be empty',
    ],
    [
      'unknown parent',
      '{"topics":[{"code":"a","name":"A","parentId":"nope"}]}',
      'topics.0.parentId: no topic with id or code "nope"',
    ],
    [
      'duplicate code',
      '{"topics":[{"code":"a","name":"A"},{"code":"a","name":"B"}]}',
      'topics.1.code: "a" appears twice',
    ],
  ])('a bad taxonomy file (%s) is refused with a message naming the field', async (_name, content, message) => {
    const file = join(tmp, `bad-${randomUUID()}.json`);
    writeFileSync(file, content);
    expect(() => parseTaxonomyFile(content, file)).toThrow(message);
  });

  it('a bad or missing taxonomy file ends the command with exit code 1 and nothing on stdout', async () => {
    const file = join(tmp, 'bad.json');
    writeFileSync(file, '{"topics":[{"code":"Bad Code","name":"x"}]}');
    const bad = await loopcx(['text', 'analyze', '--taxonomy', file], '味道不错\n');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain(`${file}: topics.0.code: lowercase letters, digits and dashes`);
    const missing = await loopcx(['text', 'analyze', '--taxonomy', join(tmp, 'nope.json')], 'x\n');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read');
  });
});

describe('loopcx text eval', () => {
  it('prints accuracy, macro-F1 and the confusion table of a labelled file', async () => {
    const file = join(tmp, 'labelled.jsonl');
    writeFileSync(
      file,
      [
        '{"text":"菜很好吃，服务也很热情","label":"positive"}',
        '{"text":"服务员态度很差","label":"negative"}',
        '上菜太慢了，等了四十分钟\t0',
        '我点了一份宫保鸡丁和一碗米饭\tneutral',
        '',
      ].join('\n'),
    );
    const res = await loopcx(['text', 'eval', file]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/texts\s+4/);
    expect(res.stdout).toMatch(/accuracy\s+100\.0 %/);
    expect(res.stdout).toMatch(/macro-F1\s+100\.0 %/);
    expect(res.stdout).toMatch(/negative\s+2\s+0\s+0/);
    const bad = join(tmp, 'bad-labels.jsonl');
    writeFileSync(bad, '{"text":"x","label":"great"}\n');
    const refused = await loopcx(['text', 'eval', bad]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${bad}:1: label must be negative, neutral or positive`);
  });
  it('--aspects: sentence polarity, aspect P/R/F1 and per-aspect polarity on SemEval files (--data, --part)', async () => {
    const dir = join(tmp, 'absa');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'semeval16_restaurants_train_sb1_v2.xml'),
      `<Reviews><Review rid="1"><sentences><sentence id="1:0"><text>The pasta was great but the waiter was rude.</text><Opinions>
<Opinion target="pasta" category="FOOD#QUALITY" polarity="positive" from="4" to="9"/>
<Opinion target="waiter" category="SERVICE#GENERAL" polarity="negative" from="28" to="34"/></Opinions></sentence>
</sentences></Review></Reviews>`,
    );
    writeFileSync(
      join(dir, 'semeval14_restaurants_train_v2.xml'),
      `<sentences><sentence id="2"><text>The prices are fair.</text><aspectCategories>
<aspectCategory category="price" polarity="positive"/></aspectCategories></sentence></sentences>`,
    );
    const res = await loopcx(['text', 'eval', '--aspects', '--part', 'all', '--data', dir]);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('(2 sentences)');
    expect(res.stdout).toMatch(/sentence polarity\s+1 sentences, accuracy \(sign of the score\) 100\.0 %/);
    expect(res.stdout).toMatch(/micro\s+100\.0 %\s+100\.0 %\s+100\.0 %\s+\(3 \/ 3 \/ 3\)/);
    expect(res.stdout).toMatch(/aspect polarity\s+macro-F1 100\.0 %, accuracy 100\.0 % over 3 detected of 3/);
    const refused = await loopcx(['text', 'eval', '--aspects', '--part', 'holdout', '--data', dir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--part must be test, dev, train or all');
  });
  it('--zh: the Chinese takeaway, Weibo-style and aspect sets, one part, with confusion tables', async () => {
    const res = await loopcx(['text', 'eval', '--zh', '--part', 'dev']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('part "dev"');
    expect(res.stdout).toMatch(/takeaway reviews\s+\d+ texts, accuracy \(sign of the score\) \d+\.\d %/);
    expect(res.stdout).toMatch(/weibo-style posts\s+\d+ texts/);
    expect(res.stdout).toMatch(/micro\s+\d+\.\d %\s+\d+\.\d %\s+\d+\.\d %/);
    expect(res.stdout).toContain('gold \\ predicted   negative  neutral  positive');
    const one = await loopcx(['text', 'eval', '--zh-weibo']);
    expect(one.stdout).toContain('part "test"');
    expect(one.stdout).toContain('weibo-style posts');
    expect(one.stdout).not.toContain('takeaway reviews');
    const refused = await loopcx(['text', 'eval', '--zh', '--part', 'holdout']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--part must be test, dev, train or all');
  });
});

describe('loopcx text export-corrections', () => {
  it('exports the latest sentiment correction per comment of the chosen tenant as training lines', async () => {
    const pgUrl = process.env.TEST_DATABASE_URL;
    const dataDir = join(tmp, 'db');
    // On PGlite the CLI needs the data directory to itself (one process per directory), so the setup closes it.
    const pg = pgUrl ? await createTestApp() : undefined;
    const ctx = pg
      ? pg.ctx
      : await bootContext(loadConfig({ dataDir, logLevel: 'silent', secret: 's', databaseUrl: undefined }));
    const t = await createTestTenant(ctx);
    const other = await createTestTenant(ctx);
    const analysisId = randomUUID();
    const add = (tenantId: string, id: string, at: string, text: string, label: string) =>
      ctx.db.execute(
        sql`INSERT INTO text_corrections (tenant_id, id, analysis_id, user_id, at, text, before, after)
            VALUES (${tenantId}, ${randomUUID()}, ${id}, null, ${at}, ${text}, '{"sentiment":"positive"}'::jsonb, ${JSON.stringify({ sentiment: label })}::jsonb)`,
      );
    await add(t.tenantId, analysisId, '2026-01-01T00:00:00Z', '包装挺好的，没有洒', 'neutral');
    await add(t.tenantId, analysisId, '2026-01-02T00:00:00Z', '包装挺好的，没有洒', 'negative');
    await add(t.tenantId, randomUUID(), '2026-01-03T00:00:00Z', 'Nice "quotes"\nand a line break', 'positive');
    await add(other.tenantId, randomUUID(), '2026-01-01T00:00:00Z', '别的租户', 'negative');
    if (pg) await pg.close();
    else await closeContext(ctx);
    const env: Record<string, string> = pgUrl
      ? { DATABASE_URL: pgUrl }
      : { LOOPCX_DATA_DIR: dataDir, DATABASE_URL: '' };
    const res = await loopcx(['text', 'export-corrections', `--tenant=${t.slug}`], '', env);
    expect(res.stderr).toBe('');
    expect(lines(res.stdout)).toEqual([
      { text: '包装挺好的，没有洒', label: 'negative' },
      { text: 'Nice "quotes"\nand a line break', label: 'positive' },
    ]);
    const out = join(tmp, 'corrections.jsonl');
    const toFile = await loopcx(['text', 'export-corrections', `--tenant=${t.slug}`, '--out', out], '', env);
    expect(toFile.stderr).toContain(`wrote 2 corrections to ${out}`);
    const unknown = await loopcx(['text', 'export-corrections', '--tenant=no-such-tenant'], '', env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no tenant with slug "no-such-tenant"');
    // A fresh embedded database, migrated, then three CLI processes that each open it: minutes on a loaded machine.
  }, 180_000);
});
