import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * "Is this unit in the caller's scope" has one home: `domains/org/` (requireUnitInScope, pathInScope, pathUnder,
 * unitIdsUnder, orgScope) and each domain's own `scope.ts`. A hand-written prefix test elsewhere is how a scope leak
 * starts (one forgotten `startsWith` and a store manager reads the region), so this guard fails when org-path prefix
 * logic appears anywhere else in the server.
 */
const src = fileURLToPath(new URL('../..', import.meta.url));

/** Org-path prefix logic as it has been written by hand in this code base. */
const PATTERNS: Array<{ name: string; re: RegExp }> = [
  { name: 'a path prefix test in JS', re: /[pP]ath\??\.startsWith\(/ },
  { name: "a test against the actor's path", re: /startsWith\(\s*actor\.orgPath/ },
  { name: 'a LIKE on an escaped path prefix', re: /likePrefix\(/ },
  { name: 'a LIKE of one path under another', re: /path\s+(NOT\s+)?LIKE\s+[\w.]*path\s*\|\|/i },
];

function allowed(rel: string): boolean {
  const parts = rel.split(sep);
  return (parts[0] === 'domains' && parts[1] === 'org') || parts[parts.length - 1] === 'scope.ts';
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(p);
    return /\.(ts|mts|mjs)$/.test(d.name) && !/\.test\.ts$/.test(d.name) ? [p] : [];
  });
}

describe('org scope guard', () => {
  it('recognises each form of hand-written prefix logic (so the guard can fail)', () => {
    const samples = [
      "if (!u || !u.path.startsWith(actor.orgPath)) throw notFound('Org unit');",
      'const inside = r.unitPath?.startsWith(x);',
      'sql`o.path LIKE $' + '{likePrefix(actor.orgPath)}`',
      "JOIN org_units o ON o.tenant_id = u.tenant_id AND o.path LIKE u.path || '%'",
    ];
    for (const s of samples)
      expect(
        PATTERNS.some((p) => p.re.test(s)),
        s,
      ).toBe(true);
    expect(PATTERNS.some((p) => p.re.test("req.url.startsWith('/api/')"))).toBe(false);
  });

  it('finds org-path prefix logic only in domains/org/ and the */scope.ts files', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(src)) {
      const rel = relative(src, file);
      if (allowed(rel)) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const p of PATTERNS) if (p.re.test(line)) offenders.push(`${rel}:${i + 1} ${p.name}: ${line.trim()}`);
        });
    }
    expect(
      offenders,
      "use requireUnitInScope / pathInScope / pathUnder / unitIdsUnder from domains/org/scope.ts, or the domain's scope.ts",
    ).toEqual([]);
  });
});
