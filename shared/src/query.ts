import { z } from 'zod';

// Query-string helpers, in a module of their own so that any schema file can use them without
// importing api.ts (which imports the event union, which imports the features' schemas).

/** A list in a query string: `a,b` or the parameter repeated. */
export const listParam = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => {
    if (value === undefined || value === '') return undefined;
    const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(','));
    return parts.map((part) => part.trim()).filter((part) => part !== '');
  }, z.array(item).min(1).optional());

/** An exercise id in a query string: the exercise's picture (or patterns) instead of the live ones. */
export const ExerciseParamSchema = z.string().regex(/^ex-[a-z0-9]{8}$/, 'an exercise id such as ex-1a2b3c4d');
