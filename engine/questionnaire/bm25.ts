/** A small BM25 index over tokenised documents. Pure. */
export interface Bm25Index {
  /** Documents scored against the query tokens, best first (only scores above 0). */
  search(query: readonly string[]): Array<{ index: number; score: number }>;
  /** Inverse document frequency of a token (never below a small floor). */
  idf(token: string): number;
}

/** Builds a BM25 index (k1 1.2, b 0.75) over documents given as token lists. */
export function createBm25Index(documents: readonly (readonly string[])[]): Bm25Index {
  const k1 = 1.2;
  const b = 0.75;
  const frequencies = documents.map((tokens) => {
    const counts = new Map<string, number>();
    for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
    return counts;
  });
  const documentFrequency = new Map<string, number>();
  for (const counts of frequencies)
    for (const token of counts.keys())
      documentFrequency.set(token, (documentFrequency.get(token) ?? 0) + 1);
  const count = Math.max(documents.length, 1);
  const averageLength = documents.reduce((sum, tokens) => sum + tokens.length, 0) / count || 1;
  const idf = (token: string) => {
    const n = documentFrequency.get(token) ?? 0;
    return Math.max(Math.log(1 + (count - n + 0.5) / (n + 0.5)), 0.05);
  };
  return {
    idf,
    search(query) {
      const unique = [...new Set(query)];
      const scored: Array<{ index: number; score: number }> = [];
      frequencies.forEach((counts, index) => {
        const length = documents[index]?.length ?? 0;
        let score = 0;
        for (const token of unique) {
          const tf = counts.get(token) ?? 0;
          if (tf === 0) continue;
          score +=
            (idf(token) * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * length) / averageLength));
        }
        if (score > 0) scored.push({ index, score });
      });
      return scored.sort((x, y) => y.score - x.score);
    },
  };
}
