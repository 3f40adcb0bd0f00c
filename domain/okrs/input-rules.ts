import { z } from 'zod';

export const CycleSchema = z.string().trim().regex(/^\d{4}-Q[1-4]$/, 'must be a quarter written YYYY-Qn, e.g. 2026-Q4');
