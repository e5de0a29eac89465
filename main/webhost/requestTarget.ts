/**
 * The path a request asks for, from the raw request-target Node hands over
 * (`req.url`, exactly as the client wrote it). Only origin-form targets
 * (RFC 9112 §3.2.1, starting with "/") are answered; absolute-form, authority-
 * and asterisk-form targets are bad requests; the path comes back as the
 * URL parser normalised it, still percent-encoded. Never throws: every input gives a path or null.
 */
export function requestPathname(target: string | undefined): string | null {
  if (!target || !target.startsWith('/')) return null;
  try {
    // A fixed base in front keeps "//a:99999/" a path instead of an authority.
    return new URL(`http://request-target.invalid${target}`).pathname;
  } catch {
    return null;
  }
}

/** The same path percent-decoded, or null when it does not decode (the socket's path check). */
export function requestPath(target: string | undefined): string | null {
  const pathname = requestPathname(target);
  if (pathname === null) return null;
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}
