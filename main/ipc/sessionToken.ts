/**
 * How the browser host's access token travels, in one place for the server
 * (main/webhost/server.ts), the renderer and the tests: part of the contract
 * between the two sides. No Node imports: the renderer bundles this file.
 *
 * The printed URL carries the token in its fragment (`#token=…`). Browsers
 * never send a fragment to the server, so it cannot reach a request line, a
 * log or a Referer. The renderer moves it into sessionStorage (scoped to this
 * origin — scheme, host *and port* — and to this tab) and out of the address
 * bar, then offers it in the WebSocket handshake as a Sec-WebSocket-Protocol
 * value.
 *
 * Why a handshake value rather than a first message on an open socket: the
 * server decides before the upgrade completes, so an unauthenticated client
 * never holds a socket, there is no "not yet authenticated" state to get wrong
 * and no authentication timeout to tune; a refusal is a plain HTTP 401.
 * Browsers cannot set other headers on a WebSocket, and a query string would
 * put the token in the request line. Why not a cookie: cookies are not
 * isolated by port, so every other server on 127.0.0.1 would receive it.
 */
export const SOCKET_PATH = '/ws';
/** The sub-protocol the server selects; the token value itself is never echoed back. */
export const SOCKET_PROTOCOL = 'ngt-prep.v1';
export const TOKEN_PROTOCOL_PREFIX = 'ngt-prep.token.';
export const TOKEN_FRAGMENT_KEY = 'token';
export const TOKEN_STORAGE_KEY = 'ngt-prep.token';

/** The address to open: the host's origin with the token in the fragment. */
export function sessionUrl(origin: string, token: string): string {
  return `${origin}/#${TOKEN_FRAGMENT_KEY}=${token}`;
}

/** The values a client offers in Sec-WebSocket-Protocol (base64url tokens are valid RFC 6455 protocol names). */
export function socketProtocols(token: string): string[] {
  return [SOCKET_PROTOCOL, TOKEN_PROTOCOL_PREFIX + token];
}

/** The token offered in a Sec-WebSocket-Protocol header, if exactly one was offered. */
export function tokenFromProtocolHeader(header: string | undefined): string | undefined {
  const offered = (header ?? '')
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value.startsWith(TOKEN_PROTOCOL_PREFIX));
  return offered.length === 1 ? offered[0]!.slice(TOKEN_PROTOCOL_PREFIX.length) : undefined;
}
