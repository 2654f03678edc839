// Runs in: renderer, preload and main. The arguments of inspectRun and explainRun (issue 16), checked before a trainer
// process is started for them.
import { z } from 'zod';

const whole = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label} must be a number` })
    .int({ error: `${label} must be a whole number` })
    .min(min, { error: `${label} must be at least ${min}` })
    .max(max, { error: `${label} must be at most ${max}` });

/** A forecast run's test window (by index, in time order), or a text for a text run. */
export const inspectTargetSchema = z.union([
  z.object({ window: whole('Window', 0, 10_000_000) }).strict(),
  z.object({ text: z.string().min(1, { error: 'Type a text to look inside the model with' }).max(100_000, { error: 'A text is at most 100,000 characters' }) }).strict(),
]);

export const explainOptionsSchema = z
  .object({
    repeats: whole('Repeats', 1, 100).optional(),
    seed: whole('Seed', 0, 2 ** 31 - 1).optional(),
    maxWindows: whole('Max windows', 1, 1_000_000).optional(),
  })
  .strict();
