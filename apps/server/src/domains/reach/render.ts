import type { OutboundInvitation } from './channels/adapter.ts';

type Localised = string | Record<string, string> | undefined;

/** A SurveyJS localisable string in one locale (`default` and the first value as fallbacks). */
export function textIn(v: Localised, locale: string): string {
  if (!v) return '';
  if (typeof v === 'string') return v;
  const key = locale.toLowerCase();
  return v[key] ?? v[key.split('-')[0]] ?? v.default ?? Object.values(v)[0] ?? '';
}

interface SurveyElement {
  type?: string;
  name?: string;
  title?: Localised;
  choices?: Array<string | number | { value: string | number; text?: Localised }>;
  rateMin?: number;
  rateMax?: number;
  visibleIf?: string;
}

/** The survey's title and first question (if it is unconditional), as channels that embed it need them. */
export function surveySummary(
  id: string,
  name: string,
  definition: Record<string, unknown>,
  locale: string,
): OutboundInvitation['survey'] {
  const title = textIn(definition.title as Localised, locale) || name;
  // A definition has pages, or (a one-page survey) its elements at the top.
  const pages = (definition.pages as Array<{ elements?: SurveyElement[] }> | undefined) ?? [];
  const first = pages.length ? pages[0]?.elements?.[0] : (definition.elements as SurveyElement[] | undefined)?.[0];
  if (!first?.name || !first.type || first.visibleIf) return { id, title };
  const choices =
    first.type === 'rating'
      ? Array.from({ length: (first.rateMax ?? 10) - (first.rateMin ?? 0) + 1 }, (_, i) => {
          const v = (first.rateMin ?? 0) + i;
          return { value: v, text: String(v) };
        })
      : first.choices?.map((c) =>
          typeof c === 'object'
            ? { value: c.value, text: textIn(c.text, locale) || String(c.value) }
            : { value: c, text: String(c) },
        );
  return {
    id,
    title,
    firstQuestion: {
      name: first.name,
      type: first.type,
      title: textIn(first.title, locale) || first.name,
      ...(choices ? { choices } : {}),
    },
  };
}

/** The message text in the survey's language: the survey link and the unsubscribe link, always both. */
export function renderMessage(
  locale: string,
  surveyTitle: string,
  url: string,
  unsubscribeUrl: string,
  reminder: boolean,
): OutboundInvitation['message'] {
  if (locale.toLowerCase().startsWith('zh')) {
    const subject = reminder ? `提醒：邀请您参与「${surveyTitle}」` : `邀请您参与「${surveyTitle}」`;
    return {
      subject,
      text: `${reminder ? '您还没有完成问卷，' : ''}感谢您的光临！请花一分钟告诉我们您的体验：${url}\n退订：${unsubscribeUrl}`,
    };
  }
  const subject = reminder ? `Reminder: ${surveyTitle}` : `Tell us how we did: ${surveyTitle}`;
  return {
    subject,
    text: `${reminder ? 'You have not answered yet. ' : ''}Thank you! Please take a minute to tell us about your experience: ${url}\nUnsubscribe: ${unsubscribeUrl}`,
  };
}
