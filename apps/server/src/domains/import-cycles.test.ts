import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

/** Every `.ts` file under `dir` except tests (a test may reach across domains to set itself up). */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The relative specifiers a file imports: static imports, re-exports (type-only ones too) and literal `import()`. */
function specifiers(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(
    /\b(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ))
    out.push(m[1] ?? m[2]);
  return out.filter((s) => s.startsWith('.'));
}

/** Domain folder → the other domain folders its files import (files at the top of `domains/` belong to none). */
function domainGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const domainOf = (file: string) => {
    const parts = relative(here, file).split(sep);
    return parts.length > 1 && parts[0] !== '..' ? parts[0] : undefined;
  };
  for (const file of sources(here)) {
    const from = domainOf(file);
    if (!from) continue;
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      const to = domainOf(resolve(dirname(file), spec));
      if (to && to !== from) edges.add(to);
    }
  }
  return graph;
}

/** The strongly connected groups of more than one domain (Tarjan): each is at least one import cycle. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) out.push(group.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe('imports between domains', () => {
  it('finds a cycle when there is one (the check checks)', () => {
    const graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ]);
    expect(cycles(graph)).toEqual([['a', 'b', 'c']]);
  });

  it('form no cycle: a domain that needs to reach back does it through module data (listeners), not an import', () => {
    const graph = domainGraph();
    // The graph is real: alerts reads text's analyses (and only that direction is allowed).
    expect(graph.get('alerts')?.has('text')).toBe(true);
    expect(graph.get('text')?.has('alerts')).toBe(false);
    expect(cycles(graph)).toEqual([]);
  });
});
