/** What an importer produces: a SurveyJS definition and an account of everything it could not map. */
export interface ImportResult {
  name: string;
  definition: Record<string, unknown>;
  /** questions = mapped + unmapped.length; notes list what was mapped only in part (logic, "other" fields). */
  report: {
    questions: number;
    mapped: number;
    unmapped: Array<{ source: string; reason: string }>;
    notes: Array<{ source: string; reason: string }>;
  };
}

/** Plain text from survey HTML (titles and choices): tags removed, entities decoded, whitespace collapsed. */
export function textOf(html: unknown): string {
  return String(html ?? '')
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** SurveyJS question names must be unique and safe in expressions. */
export function uniqueNamer() {
  const used = new Set<string>();
  return (wanted: string) => {
    const base = (wanted || 'q').replace(/[^\w-]+/g, '_').replace(/^_+|_+$/g, '') || 'q';
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}_${i}`;
    used.add(name);
    return name;
  };
}
