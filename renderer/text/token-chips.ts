// Runs in: renderer. Turns a tokenised row into chips to draw: words with their ids, [UNK] marked, each run of
// padding folded into one chip (a short review padded to 200 would otherwise be 150 identical chips).

/** The reserved ids, as in the course's table: [UNK] at 0, [PAD] at 1. */
export const UNK_ID = 0;
export const PAD_ID = 1;

export type TokenChip =
  | { kind: 'word' | 'unk'; token: string; id: number }
  | { kind: 'pad'; count: number };

export function groupTokens(tokens: readonly string[], ids: readonly number[]): TokenChip[] {
  const chips: TokenChip[] = [];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    const last = chips.at(-1);
    if (id === PAD_ID) {
      if (last?.kind === 'pad') last.count += 1;
      else chips.push({ kind: 'pad', count: 1 });
    } else {
      chips.push({ kind: id === UNK_ID ? 'unk' : 'word', token: tokens[i] ?? '', id });
    }
  }
  return chips;
}
