import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseTaxonomyFile } from './domains/text/taxonomy-file.ts';
import { type Analysis, createAnalyzer, restaurantTaxonomy, type Taxonomy } from './text-engine/index.ts';

export const TEXT_HELP = `loopcx text — offline text analytics (no database)

Usage:
  loopcx text analyze [--lang zh|en|auto] [--taxonomy FILE]
      reads one text per line on stdin, writes one JSON line per input line (empty lines included):
      {"language":"zh","sentiment":{"label":"negative","score":-0.62},
       "topics":[{"topic":"delivery-speed","name":"送餐速度","sentiment":{"label":"negative","score":-0.62}}],
       "keywords":["送餐","太慢"]}
      topics come from the demo restaurant taxonomy unless --taxonomy FILE is given: the JSON of
      GET /api/v1/text/taxonomy, or {"topics":[{"code":"taste","name":"味道","parentId":null,
      "rules":{"zh":{"include":["味道","口味"],"exclude":[]},"en":{"include":["tast*"]}}}]}
  loopcx text eval FILE [--lang zh|en|auto]
      accuracy, macro-F1 and the confusion table of the model on a labelled file: JSON lines
      {"text":…,"label":"negative|neutral|positive"} or text<TAB>label (1 / 0 or -1 also accepted)
  loopcx text eval --aspects [--part test|dev|train|all] [--data DIR]
      the English aspect split (SemEval-14/16 restaurant sentences in DIR, default ../shared/data/text; see
      text-engine/MODEL.md): sentence polarity, aspect detection P/R/F1 (food, service, price, ambience) and
      per-aspect polarity macro-F1 of the model with the restaurant pack, on one part (default test)
  loopcx text eval --triage [--part heldout|train|all] [FILE]
      the triage classifier (complaint, suggestion, praise, question, noise): per-class precision, recall, F1,
      macro-F1 and the confusion table on the project's held-out split (text-engine/train/triage, see
      MODEL.md "Triage"), another part, or a labelled file of JSON lines {"text":…,"label":"complaint|…"}
  loopcx text eval --zh | --zh-takeaway | --zh-weibo | --zh-aspects [--part test|dev|train|all]
      the project's own Chinese sets (text-engine/train/zh-*.jsonl, MODEL.md "Chinese goals"): takeaway and
      Weibo-style sentiment (accuracy by the sign of the score, confusion), restaurant aspect detection and
      per-aspect polarity, on one part of their seeded split (default test)
  loopcx text export-corrections [--tenant=slug] [--out FILE]
      writes the corrections people made in the console (all tenants unless --tenant) as JSON lines (with
      "triage" when a person set the class) for \`npm run train:sentiment -- --corrections FILE\` and
      \`npm run train:triage -- --corrections FILE\`; opens the database (DATABASE_URL or LOOPCX_DATA_DIR)`;

type Lang = 'zh' | 'en' | 'auto';

function langOf(v: string | undefined): Lang {
  if (v === undefined || v === 'auto' || v === 'zh' || v === 'en') return v ?? 'auto';
  throw new Error(`--lang must be zh, en or auto (got ${v})`);
}

/** The CLI's JSON line for one analysis (the shape documented in TEXT_HELP and the README). */
export function presentCliAnalysis(a: Analysis) {
  return {
    language: a.language,
    sentiment: a.sentiment,
    topics: a.topics.map((t) => ({ topic: t.topicId, name: t.topic, sentiment: t.sentiment })),
    keywords: a.keywords,
  };
}

/** `loopcx text …`. Only `export-corrections` touches the database. */
export async function textCli(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      lang: { type: 'string' },
      taxonomy: { type: 'string' },
      tenant: { type: 'string' },
      out: { type: 'string' },
      aspects: { type: 'boolean' },
      triage: { type: 'boolean' },
      zh: { type: 'boolean' },
      'zh-takeaway': { type: 'boolean' },
      'zh-weibo': { type: 'boolean' },
      'zh-aspects': { type: 'boolean' },
      part: { type: 'string' },
      data: { type: 'string' },
      help: { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help || !sub || sub === 'help') {
    console.log(TEXT_HELP);
    return 0;
  }
  switch (sub) {
    case 'analyze': {
      if (positionals.length) throw new Error('text analyze reads stdin; it takes no file arguments');
      const taxonomy: Taxonomy = values.taxonomy
        ? parseTaxonomyFile(readText(values.taxonomy), values.taxonomy)
        : restaurantTaxonomy;
      await analyzeStream(taxonomy, langOf(values.lang));
      return 0;
    }
    case 'eval': {
      if (values.triage) {
        if (positionals.length > 1)
          throw new Error('usage: loopcx text eval --triage [--part heldout|train|all] [FILE]');
        process.stdout.write(await triageEval(values.part, positionals[0]));
        return 0;
      }
      const zhSets = (['takeaway', 'weibo', 'aspects'] as const).filter((k) => values.zh || values[`zh-${k}`]);
      if (zhSets.length) {
        if (positionals.length || values.aspects)
          throw new Error(
            'usage: loopcx text eval --zh | --zh-takeaway | --zh-weibo | --zh-aspects [--part test|dev|train|all]',
          );
        process.stdout.write(await zhEval(zhSets, values.part));
        return 0;
      }
      if (values.aspects) {
        if (positionals.length)
          throw new Error('usage: loopcx text eval --aspects [--part test|dev|train|all] [--data DIR]');
        process.stdout.write(await aspectEval(values.part, values.data));
        return 0;
      }
      if (positionals.length !== 1) throw new Error('usage: loopcx text eval FILE');
      const { evaluateFile } = await import('./text-engine/train/evaluate.ts');
      process.stdout.write(evaluateFile(readText(positionals[0]), positionals[0], langOf(values.lang)));
      return 0;
    }
    case 'export-corrections':
      await exportCorrections(values.tenant, values.out);
      return 0;
    default:
      throw new Error(`unknown text command "${sub}" (analyze, eval, export-corrections; see loopcx text --help)`);
  }
}

async function aspectEval(part: string | undefined, data: string | undefined): Promise<string> {
  const p = part ?? 'test';
  if (p !== 'test' && p !== 'dev' && p !== 'train' && p !== 'all')
    throw new Error(`--part must be test, dev, train or all (got ${p})`);
  const { absaSplit, loadAbsa } = await import('./text-engine/train/absa.ts');
  const { absaReport, evaluateAbsa } = await import('./text-engine/train/evaluate.ts');
  const { getModel } = await import('./text-engine/model.ts');
  const dir = resolve(
    data ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared', 'data', 'text'),
  );
  const all = loadAbsa(dir);
  const sentences = p === 'all' ? all : absaSplit(all, p);
  const model = getModel();
  return absaReport(
    evaluateAbsa(model, sentences),
    `model ${model.version}, restaurant pack, English aspect split part "${p}" (${sentences.length} sentences)`,
  );
}

async function triageEval(part: string | undefined, file: string | undefined): Promise<string> {
  const p = part ?? 'heldout';
  if (p !== 'heldout' && p !== 'train' && p !== 'all')
    throw new Error(`--part must be heldout, train or all (got ${p})`);
  const { evaluateTriage, loadTriageData } = await import('./text-engine/train/triage/build.ts');
  const { parseTriageLabelled, triageReport } = await import('./text-engine/train/evaluate.ts');
  const { getTriageModel } = await import('./text-engine/triage.ts');
  const model = getTriageModel();
  if (!model) throw new Error('no triage model: run npm run train:triage');
  let texts: ReturnType<typeof parseTriageLabelled>;
  let what: string;
  if (file) {
    texts = parseTriageLabelled(readText(file), file);
    what = file;
  } else {
    const { train, heldOut } = loadTriageData();
    texts = p === 'heldout' ? heldOut : p === 'train' ? train : [...train, ...heldOut];
    what = `the project's triage split, part "${p}"`;
  }
  const r = evaluateTriage(model, texts);
  const out = [triageReport(r.all, `triage model ${model.version} on ${what} (${texts.length} texts)`)];
  if (!file && r.handwritten.n && r.handwritten.n < r.all.n)
    out.push(triageReport(r.handwritten, 'of which hand-written texts only'));
  return out.join('\n');
}

async function zhEval(
  sets: ReadonlyArray<'takeaway' | 'weibo' | 'aspects'>,
  part: string | undefined,
): Promise<string> {
  const p = part ?? 'test';
  if (p !== 'test' && p !== 'dev' && p !== 'train' && p !== 'all')
    throw new Error(`--part must be test, dev, train or all (got ${p})`);
  const { loadZhAspects, loadZhPolar, partOf, zhReport } = await import('./text-engine/train/zh-sets.ts');
  const { evaluate, evaluateAbsa } = await import('./text-engine/train/evaluate.ts');
  const { getModel } = await import('./text-engine/model.ts');
  const model = getModel();
  const r = {
    takeaway: sets.includes('takeaway') ? evaluate(model, partOf(loadZhPolar('takeaway'), p)) : undefined,
    weibo: sets.includes('weibo') ? evaluate(model, partOf(loadZhPolar('weibo'), p)) : undefined,
    aspects: sets.includes('aspects')
      ? evaluateAbsa(model, partOf(loadZhAspects(), p), undefined, undefined, 'auto')
      : undefined,
  };
  return zhReport(r, `model ${model.version}, restaurant pack, the project's Chinese sets, part "${p}"`);
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

/** stdin lines → JSON lines, in order, with backpressure; output is flushed in chunks. */
async function analyzeStream(taxonomy: Taxonomy, lang: Lang) {
  const analyzer = createAnalyzer({ taxonomy });
  const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let buffer = '';
  let pending = 0;
  const flush = async () => {
    if (!buffer) return;
    const ok = process.stdout.write(buffer);
    buffer = '';
    pending = 0;
    if (!ok) await once(process.stdout, 'drain');
  };
  for await (const line of rl) {
    buffer += `${JSON.stringify(presentCliAnalysis(analyzer.analyze(line, { lang })))}\n`;
    if (++pending >= 256) await flush();
  }
  await flush();
}

async function exportCorrections(tenantSlug: string | undefined, out: string | undefined) {
  const [{ bootContext, closeContext }, { loadConfig }, { one, sql }, { correctionsForTraining, correctionsJsonl }] =
    await Promise.all([
      import('./platform/boot.ts'),
      import('./platform/config.ts'),
      import('./platform/db.ts'),
      import('./domains/text/queries/corrections.ts'),
    ]);
  const ctx = await bootContext(loadConfig(), { migrate: false });
  try {
    let tenantId: string | undefined;
    if (tenantSlug !== undefined) {
      tenantId = (await one<{ id: string }>(ctx.db, sql`SELECT id FROM tenants WHERE slug = ${tenantSlug}`))?.id;
      if (!tenantId) throw new Error(`no tenant with slug "${tenantSlug}"`);
    }
    const list = await correctionsForTraining(ctx.db, tenantId);
    const jsonl = correctionsJsonl(list);
    if (out) {
      writeFileSync(out, jsonl);
      console.error(`wrote ${list.length} corrections to ${out}`);
    } else process.stdout.write(jsonl);
  } finally {
    await closeContext(ctx);
  }
}
