/**
 * A phone number a respondent typed into a contact question (a SurveyJS `text` question with `inputType: "tel"`):
 * a mainland China mobile (11 digits starting 13–19, with or without +86 / 0086) or an international number in
 * E.164 form (`+` then 7–15 digits, no leading zero). Spaces, dashes, dots and brackets are ignored. Returns the
 * normalised number (mainland mobiles without the country code, others with their `+`), or undefined. Shared by the
 * respondent page (to say so before sending) and the server (which refuses anything else with a 422).
 */
export function parseContactPhone(raw: string): string | undefined {
  let p = raw.replace(/[\s().-]/g, '');
  if (p.startsWith('00')) p = `+${p.slice(2)}`;
  const mainland = /^(?:\+?86)?(1[3-9]\d{9})$/.exec(p);
  if (mainland) return mainland[1];
  if (/^\+[1-9]\d{6,14}$/.test(p)) return p;
  return undefined;
}

/** 138****5678: the first three and last four digits, as customer identities show phones. */
export function maskContactPhone(p: string): string {
  if (p.length <= 7) return `${p.slice(0, 2)}****${p.slice(-1)}`;
  return `${p.slice(0, 3)}****${p.slice(-4)}`;
}

/** A contact question: where a respondent who agrees to be called back leaves a phone number. */
export const isContactPhoneQuestion = (q: { type?: unknown; inputType?: unknown }) =>
  q.type === 'text' && q.inputType === 'tel';
