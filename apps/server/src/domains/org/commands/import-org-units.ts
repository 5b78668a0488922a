import { ORG_KINDS, type TOrgImportResponse, type TOrgKind, ZOrgCode } from '@loopcx/shared';
import Papa from 'papaparse';
import { type Actor, authorize } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import type { OrgUnitRow } from '../presenter.ts';
import { getOrgUnit } from '../queries/get-org-unit.ts';
import { likePrefix } from '../scope.ts';
import { createOrgUnit } from './create-org-unit.ts';
import { updateOrgUnit } from './update-org-unit.ts';

export const MAX_IMPORT_ROWS = 20_000;

/** A bad row of an import: 1-based data row number as a spreadsheet shows it (header is row 1), field, reason. */
export type ImportRowError = TOrgImportResponse['errors'][number];

/** What an import did (the org contract's answer to POST /org-units/import). */
export type OrgImportReport = TOrgImportResponse;

interface UnitSpec {
  row: number;
  code: string;
  name: string;
  nameEn?: string;
  kind: TOrgKind;
  /** Parent code; undefined means the import root. */
  parentCode?: string;
}

// Header aliases so spreadsheets exported by Chinese users import as they are.
const ALIASES: Record<string, string> = {
  编码: 'code',
  代码: 'code',
  单位编码: 'code',
  名称: 'name',
  单位名称: 'name',
  英文名称: 'name_en',
  类型: 'kind',
  层级类型: 'kind',
  上级编码: 'parent_code',
  上级: 'parent_code',
  parent: 'parent_code',
  parentcode: 'parent_code',
  nameen: 'name_en',
  总部: 'hq',
  大区: 'region',
  区域: 'region',
  城市: 'city',
  门店: 'store',
  部门: 'department',
};
const KIND_ALIASES: Record<string, TOrgKind> = {
  总部: 'hq',
  大区: 'region',
  区域: 'region',
  城市: 'city',
  门店: 'store',
  部门: 'department',
};

const CANONICAL = new Set(['code', 'name', 'name_en', 'kind', 'parent_code']);

function normaliseHeader(h: string): string {
  const k = h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if (CANONICAL.has(k) || /^(hq|region|city|store|department)_(code|name|name_en)$/.test(k)) return k;
  if (ALIASES[k]) return ALIASES[k];
  const m = /^(.+?)(_code|_name_en|_name|编码|名称)$/.exec(k);
  if (m && ALIASES[m[1]]) return `${ALIASES[m[1]]}${m[2] === '编码' ? '_code' : m[2] === '名称' ? '_name' : m[2]}`;
  return k;
}

function parseKind(value: string | undefined): TOrgKind | undefined {
  const v = (value ?? '').trim();
  if (KIND_ALIASES[v]) return KIND_ALIASES[v];
  const lower = v.toLowerCase();
  return (ORG_KINDS as readonly string[]).includes(lower) ? (lower as TOrgKind) : undefined;
}

/**
 * Turns CSV text into unit specs. Two layouts:
 * - parent-child: `code,name,kind,parent_code[,name_en]`, one unit per row, rows in any order;
 * - levels: `region_code,region_name,city_code,city_name,store_code,store_name` (any of hq/region/city/store/
 *   department, in hierarchy order), one leaf path per row; shared ancestors are created once.
 */
export function parseOrgCsv(csv: string): {
  format: OrgImportReport['format'];
  specs: UnitSpec[];
  errors: ImportRowError[];
  dataRows: number;
} {
  const parsed = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const [header, ...data] = parsed.data;
  if (!header || header.length === 0)
    throw new AppError('invalid', 'The CSV has no header row', { invalidParams: [{ name: 'csv', reason: 'empty' }] });
  if (data.length > MAX_IMPORT_ROWS) {
    throw new AppError('payload_too_large', `At most ${MAX_IMPORT_ROWS} rows per import; this file has ${data.length}`);
  }
  const cols = header.map(normaliseHeader);
  const errors: ImportRowError[] = [];
  const specs: UnitSpec[] = [];
  const cell = (r: string[], name: string) => {
    const i = cols.indexOf(name);
    return i >= 0 ? (r[i] ?? '').trim() : undefined;
  };

  if (cols.includes('code')) {
    for (const [i, r] of data.entries()) {
      const row = i + 2;
      const code = cell(r, 'code') ?? '';
      const name = cell(r, 'name') || code;
      const kind = parseKind(cell(r, 'kind'));
      if (r.length !== header.length)
        errors.push({ row, reason: `expected ${header.length} columns, found ${r.length}` });
      else if (!ZOrgCode.safeParse(code).success)
        errors.push({ row, field: 'code', reason: code ? `"${code}" is not a valid unit code` : 'code is empty' });
      else if (!kind) errors.push({ row, field: 'kind', reason: `kind must be one of ${ORG_KINDS.join(', ')}` });
      else if (name.length > 200) errors.push({ row, field: 'name', reason: 'name is longer than 200 characters' });
      else
        specs.push({
          row,
          code,
          name,
          nameEn: cell(r, 'name_en') || undefined,
          kind,
          parentCode: cell(r, 'parent_code') || undefined,
        });
    }
    return { format: 'parent-child', specs, errors, dataRows: data.length };
  }

  const levels = ORG_KINDS.filter((k) => cols.includes(`${k}_code`));
  if (levels.length === 0) {
    throw new AppError(
      'invalid',
      'Unrecognised CSV header: use code,name,kind,parent_code or <kind>_code,<kind>_name columns such as region_code,region_name,store_code,store_name',
      {
        invalidParams: [{ name: 'csv', reason: 'unrecognised header' }],
      },
    );
  }
  const seen = new Map<string, UnitSpec>();
  for (const [i, r] of data.entries()) {
    const row = i + 2;
    let parentCode: string | undefined;
    for (const kind of levels) {
      const code = cell(r, `${kind}_code`) ?? '';
      if (!code) continue; // a shorter path: the row ends above this level
      if (!ZOrgCode.safeParse(code).success) {
        errors.push({ row, field: `${kind}_code`, reason: `"${code}" is not a valid unit code` });
        break;
      }
      const spec: UnitSpec = {
        row,
        code,
        name: cell(r, `${kind}_name`) || code,
        nameEn: cell(r, `${kind}_name_en`) || undefined,
        kind,
        parentCode,
      };
      const prev = seen.get(code);
      if (prev && (prev.parentCode !== parentCode || prev.kind !== kind)) {
        errors.push({
          row,
          field: `${kind}_code`,
          reason: `${code} appears under two different parents (rows ${prev.row} and ${row})`,
        });
        break;
      }
      if (!prev) {
        seen.set(code, spec);
        specs.push(spec);
      }
      parentCode = code;
    }
  }
  return { format: 'levels', specs, errors, dataRows: data.length };
}

/**
 * Creates or updates the units a CSV describes under `rootId` (default: the actor's own unit). Every row is
 * reported: bad rows are listed with the reason and skipped, good rows are applied, nothing is dropped silently.
 * Runs in the caller's transaction; each row in a savepoint so one failure cannot poison the rest.
 */
export async function importOrgUnits(
  tx: Executor,
  actor: Actor,
  csv: string,
  opts: { rootId?: string; dryRun?: boolean } = {},
): Promise<OrgImportReport> {
  authorize(actor, 'org.write');
  const root = await getOrgUnit(tx, actor, opts.rootId ?? actor.orgUnitId);
  const { format, specs, errors, dataRows } = parseOrgCsv(csv);
  const report: OrgImportReport = {
    format,
    dryRun: !!opts.dryRun,
    rows: dataRows,
    created: 0,
    updated: 0,
    unchanged: 0,
    errors,
  };

  const existing = new Map<string, OrgUnitRow & { in_scope: boolean }>();
  for (const u of await rows<OrgUnitRow & { in_scope: boolean }>(
    tx,
    sql`SELECT id, parent_id, path, depth, code, name, name_en, kind, status, created_at, updated_at,
               path LIKE ${likePrefix(actor.orgPath)} AS in_scope
        FROM org_units WHERE tenant_id = ${actor.tenantId}`,
  )) {
    existing.set(u.code, u);
  }

  const idByCode = new Map<string, string>();
  const byCode = new Map<string, UnitSpec>();
  for (const s of specs) {
    if (byCode.has(s.code))
      errors.push({
        row: s.row,
        field: 'code',
        reason: `code ${s.code} appears twice (first on row ${byCode.get(s.code)!.row})`,
      });
    else byCode.set(s.code, s);
  }

  // Resolve in dependency order: a row waits until its parent exists (in the database or earlier in this run).
  const pending = [...byCode.values()];
  const failed = new Set<string>();
  let progress = true;
  while (pending.length && progress) {
    progress = false;
    for (let i = 0; i < pending.length; i++) {
      const s = pending[i];
      let parentId: string | undefined;
      if (!s.parentCode) parentId = root.id;
      else if (idByCode.has(s.parentCode)) parentId = idByCode.get(s.parentCode);
      else if (failed.has(s.parentCode)) {
        errors.push({ row: s.row, field: 'parent_code', reason: `parent ${s.parentCode} could not be imported` });
        failed.add(s.code);
      } else if (byCode.has(s.parentCode))
        continue; // parent is later in the file
      else {
        const p = existing.get(s.parentCode);
        if (p?.in_scope) parentId = p.id;
        else {
          errors.push({ row: s.row, field: 'parent_code', reason: `no unit with code ${s.parentCode} in your scope` });
          failed.add(s.code);
        }
      }
      pending.splice(i--, 1);
      progress = true;
      if (!parentId) continue;
      try {
        const current = existing.get(s.code);
        await tx.transaction(async (sp) => {
          if (!current) {
            const u = await createOrgUnit(sp, actor, {
              parentId,
              code: s.code,
              name: s.name,
              nameEn: s.nameEn,
              kind: s.kind,
            });
            idByCode.set(s.code, u.id);
            report.created++;
          } else {
            if (!current.in_scope)
              throw new AppError('forbidden', `code ${s.code} belongs to a unit outside your scope`);
            const changed =
              current.name !== s.name ||
              current.kind !== s.kind ||
              current.parent_id !== parentId ||
              (s.nameEn !== undefined && current.name_en !== s.nameEn) ||
              current.status !== 'active';
            if (changed) {
              await updateOrgUnit(sp, actor, current.id, {
                name: s.name,
                kind: s.kind,
                parentId,
                nameEn: s.nameEn,
                status: 'active',
              });
              report.updated++;
            } else report.unchanged++;
            idByCode.set(s.code, current.id);
          }
        });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        failed.add(s.code);
        errors.push({ row: s.row, field: err.invalidParams?.[0]?.name, reason: err.message });
      }
    }
  }
  for (const s of pending)
    errors.push({ row: s.row, field: 'parent_code', reason: `parent ${s.parentCode} is part of a cycle` });
  errors.sort((a, b) => a.row - b.row);
  return report;
}
