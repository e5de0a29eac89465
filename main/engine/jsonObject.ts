/**
 * A JSON object read from text a program printed (a script's output, a probe's
 * answer): the object, or null when the text is not JSON or is JSON but not
 * an object (an array, a string, null). Never throws.
 */
export function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
