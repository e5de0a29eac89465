/**
 * The path a request asks for, from the raw request-target Node hands over
 * (`req.url`, exactly as the client wrote it). Only origin-form targets
 * (RFC 9112 §3.2.1, starting with "/") are answered; absolute-form, authority-
 * and asterisk-form targets, and paths that do not percent-decode, are bad
 * requests. Never throws: every input gives a path or null.
 */
export function requestPath(target: string | undefined): string | null {
  if (!target || !target.startsWith('/')) return null;
  try {
    // A fixed base in front keeps "//a:99999/" a path instead of an authority.
    const pathname = new URL(`http://request-target.invalid${target}`).pathname;
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}
