/** A weighted word cloud without a layout library: words sized by frequency, coloured by negative share, wrapping. */
export function WordCloud({
  terms,
  onPick,
}: {
  terms: Array<{ term: string; count: number; negativeShare: number | null }>;
  onPick?: (term: string) => void;
}) {
  if (terms.length === 0) return null;
  const max = Math.max(...terms.map((t) => t.count));
  const min = Math.min(...terms.map((t) => t.count));
  const size = (c: number) =>
    12 + (max === min ? 8 : ((Math.sqrt(c) - Math.sqrt(min)) / (Math.sqrt(max) - Math.sqrt(min))) * 22);
  // Shuffle deterministically so big words do not all sit at the top.
  const ordered = [...terms].sort((a, b) => (hash(a.term) % 97) - (hash(b.term) % 97));
  return (
    <div
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        gap: '4px 12px',
        alignItems: 'center',
        justifyContent: 'center',
        lineHeight: 1.2,
      }}
      data-testid="wordcloud"
    >
      {ordered.map((t) => {
        const neg = t.negativeShare ?? 0;
        const color = neg >= 60 ? '#cf1322' : neg >= 30 ? '#d46b08' : '#389e0d';
        return (
          <button
            type="button"
            key={t.term}
            title={`${t.term}: ${t.count} (${Math.round(neg)}% −)`}
            onClick={() => onPick?.(t.term)}
            style={{
              fontSize: size(t.count),
              color,
              background: 'none',
              border: 0,
              padding: 0,
              cursor: onPick ? 'pointer' : 'default',
            }}
          >
            {t.term}
          </button>
        );
      })}
    </div>
  );
}

function hash(s: string) {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return Math.abs(h);
}
