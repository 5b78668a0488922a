import { load, save } from './submit.ts';

interface Q {
  type?: string;
  name?: string;
  elements?: Q[];
  pages?: Q[];
  choices?: unknown[];
}

function questions(d: Q): Q[] {
  return [...(d.pages ?? []), ...(d.elements ?? [])].flatMap((e) =>
    e.elements || e.pages ? questions(e) : e.name ? [e] : [],
  );
}

/** A choice's value, whether the definition wrote it bare (`5`) or as `{value, text}`. */
const choiceValue = (c: unknown) => (c && typeof c === 'object' ? (c as { value?: unknown }).value : c);

/**
 * Answers handed over in the link: `?q_<question name>=<value>` (the invitation email's score buttons). A value is
 * taken only for a question of the survey, as a number for ratings (and choices whose values are numbers), and only
 * when the respondent has not answered that question on this device yet. The parameters are then dropped from the
 * address bar, so a reload or a shared screenshot does not carry them. Nothing is submitted: the respondent still
 * sends the survey.
 */
export function applyPrefill(token: string, definition: Q): void {
  const params = new URLSearchParams(location.search);
  const given = [...params.keys()].filter((k) => k.startsWith('q_'));
  if (!given.length) return;
  const byName = new Map(questions(definition).map((q) => [q.name!, q]));
  const saved = load(token);
  const answers = { ...saved.answers };
  for (const key of given) {
    const q = byName.get(key.slice(2));
    const raw = params.get(key) ?? '';
    params.delete(key);
    if (!q || answers[q.name!] !== undefined || raw === '' || raw.length > 200) continue;
    const numeric = q.type === 'rating' || (q.choices ?? []).some((c) => typeof choiceValue(c) === 'number');
    const value = numeric && /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
    if (q.choices?.length && !q.choices.some((c) => choiceValue(c) === value)) continue;
    answers[q.name!] = value;
  }
  save(token, { ...saved, answers });
  const rest = params.toString();
  history.replaceState(null, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
}
