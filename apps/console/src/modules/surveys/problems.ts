import type { TFunction } from 'i18next';
import { ApiError } from '../../lib/api.ts';

/**
 * What went wrong saving or publishing a survey, in the user's language: each problem the server names by `code`
 * (`packages/shared` survey keys, `surveys/definition.ts` on the server) is translated from this module's
 * `problems.*` strings; anything without a code keeps the server's English text.
 */
export function describeProblems(err: unknown, t: TFunction<'surveys'>): string[] {
  if (!(err instanceof ApiError)) return [String(err instanceof Error ? err.message : err)];
  const say = (code: string | undefined, params: Record<string, string | number> | undefined, fallback: string) =>
    code ? t(`problems.${code}`, { ...params, defaultValue: fallback }) : fallback;
  if (!err.invalidParams.length) return [say(err.code, err.params, err.detail || err.title)];
  return err.invalidParams.map((p) => say(p.code, p.params, `${p.name}: ${p.reason}`));
}
