// Runs in: renderer, preload and main. The arguments of the window's backtest and "Suggest a setup" (issue 15),
// checked before anything trains.
import { z } from 'zod';
import { SUGGEST_BUDGET_SECONDS } from '../model/evaluation';

export const jobId = z.number({ error: 'Job id must be a number' }).int().positive({ error: 'Job id must be positive' });

export const backtestSpecSchema = z
  .object({
    folds: z
      .number({ error: 'Folds must be a number' })
      .int({ error: 'Folds must be a whole number' })
      .min(2, { error: 'A backtest needs at least 2 folds' })
      .max(50, { error: 'A backtest has at most 50 folds' }),
    mode: z.enum(['expanding', 'sliding'], { error: 'Window must be expanding or sliding' }),
  })
  .strict();

export const suggestOptionsSchema = z
  .object({
    budgetSeconds: z
      .number({ error: 'The budget must be a number' })
      .min(SUGGEST_BUDGET_SECONDS.min, { error: `The budget must be at least ${SUGGEST_BUDGET_SECONDS.min} seconds` })
      .max(SUGGEST_BUDGET_SECONDS.max, { error: 'The budget must be at most 24 hours' }),
  })
  .strict();
