/** `loopcx text analyze`: implemented with the text analytics capability. */
export async function runTextAnalyzeCli(_opts: { lang?: string; taxonomy?: string }): Promise<void> {
  throw new Error('text analytics is not installed in this build');
}
