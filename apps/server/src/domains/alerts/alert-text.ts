import { answerLines, type TUiLang } from '@loopcx/shared';

/** What an alert notification says about one response. */
export interface AlertResponse {
  survey_name: string;
  unit_name: string | null;
  unit_code: string | null;
  definition: unknown;
  answers: Record<string, unknown>;
  scores: Record<string, number>;
}

const HEAD: Record<TUiLang, { unit: string; answers: string }> = {
  'zh-CN': { unit: '门店/单位', answers: '答卷内容' },
  en: { unit: 'Unit', answers: 'Answers' },
};

/** The tenant's language as a survey-text language (alert emails go to addresses, not users with a language). */
export const tenantLang = (defaultLocale: string | null | undefined): TUiLang =>
  defaultLocale === 'en' ? 'en' : 'zh-CN';

/**
 * The body of an alert email or in-app notification: survey, unit, headline scores, then the answers as
 * "question title: answer label" lines in the survey's order, in the tenant's language — never JSON.
 */
export function alertBody(r: AlertResponse, lang: TUiLang): string {
  const scores = Object.entries(r.scores ?? {})
    .filter(([k]) => !k.includes(':'))
    .map(([k, v]) => `${k.toUpperCase()} ${v}`)
    .join(' · ');
  const unit = r.unit_name ? `${HEAD[lang].unit}: ${r.unit_name}${r.unit_code ? ` (${r.unit_code})` : ''}` : null;
  const lines = answerLines(r.definition, r.answers ?? {}, lang).map((l) => `${l.title}: ${l.text}`);
  return [
    `${r.survey_name}${scores ? ` — ${scores}` : ''}`,
    unit,
    '',
    `${HEAD[lang].answers}:`,
    ...lines.map((l) => `- ${l}`),
  ]
    .filter((x) => x !== null)
    .join('\n');
}
