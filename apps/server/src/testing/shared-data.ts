import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's root: this file is `apps/server/src/testing/shared-data.ts`. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/** Options of {@link sharedDir}; the defaults are the real checkout, environment and console. */
export interface SharedDirOptions {
  /** The checkout whose sibling `shared/` is looked for. */
  root?: string;
  /** Fail instead of skipping when the folder is missing (default: `LOOPCX_REQUIRE_SHARED=1`, set by `.ci/run`). */
  require?: boolean;
  /** Where the reason for going without the folder is printed. */
  log?: (line: string) => void;
}

/**
 * The folder `../shared/<sub>` beside the checkout, or `undefined` after printing why a test goes without it.
 *
 * `../shared` holds data the repository may not ship (training text with no stated licence) or holds in full only
 * outside it (every import fixture), so a clean `git clone` does not have it and its tests must skip or fall back
 * to committed copies. CI has it, and there a missing folder must fail the run rather than quietly skip the tests
 * that prove the data still works: `.ci/run` sets `LOOPCX_REQUIRE_SHARED=1`.
 *
 * @param sub path inside `../shared`, e.g. `data/text`
 * @param without what the calling test does without it, printed with the reason (e.g. "the 2 training tests skip")
 */
export function sharedDir(sub: string, without: string, opts: SharedDirOptions = {}): string | undefined {
  const dir = join(opts.root ?? ROOT, '..', 'shared', sub);
  if (existsSync(dir)) return dir;
  const reason = `../shared/${sub} is not beside this checkout (looked for ${dir})`;
  if (opts.require ?? process.env.LOOPCX_REQUIRE_SHARED === '1')
    throw new Error(`${reason}, and LOOPCX_REQUIRE_SHARED=1 requires it`);
  (opts.log ?? console.warn)(`${reason}: ${without}.`);
  return undefined;
}
