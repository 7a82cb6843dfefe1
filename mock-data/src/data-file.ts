import { readFileSync } from 'node:fs';
import type { z } from 'zod';

/**
 * Reads and parses a JSON file of `mock-data/data/`. The URL is resolved against this module,
 * which sits one folder below the package in both `src/` (tests) and `dist/` (the server).
 */
export function readDataFile(fileName: string): unknown {
  const url = new URL(`../data/${fileName}`, import.meta.url);
  const text = readFileSync(url, 'utf8');
  try {
    const value: unknown = JSON.parse(text);
    return value;
  } catch (error) {
    throw new Error(`${fileName} is not valid JSON`, { cause: error });
  }
}

/** The first issue of a zod error as `path: message`, naming the field that is wrong. */
export function describeIssue(error: z.ZodError, prefix: readonly PropertyKey[] = []): string {
  const issue = error.issues[0];
  if (!issue) return 'unknown problem';
  const path = [...prefix, ...issue.path].map(String).join('.');
  return `${path === '' ? '(whole value)' : path}: ${issue.message}`;
}
