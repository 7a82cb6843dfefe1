/** The time a 429 answer's message names (`…locked until 2025-11-20T06:15:00.000Z`), if any. */
export function lockedUntilOf(message: string): string | null {
  const match = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/.exec(message);
  return match ? match[0] : null;
}
