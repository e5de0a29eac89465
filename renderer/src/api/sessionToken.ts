/**
 * The browser host's access token on the renderer side (how it travels and
 * why: main/ipc/sessionToken.ts). Taken from the address's fragment once,
 * kept in this tab's sessionStorage (this origin only — another port on
 * 127.0.0.1 is another origin and cannot read it), and removed from the
 * address bar so it does not stay in history or get copied with the URL.
 */
import { TOKEN_FRAGMENT_KEY, TOKEN_STORAGE_KEY } from '../../../main/ipc/sessionToken';

export function takeSessionToken(
  where: Location = location,
  storage: Storage = sessionStorage,
  address: History = history,
): string | null {
  const fromFragment = new URLSearchParams(where.hash.slice(1)).get(TOKEN_FRAGMENT_KEY);
  if (fromFragment) {
    storage.setItem(TOKEN_STORAGE_KEY, fromFragment);
    address.replaceState(address.state, '', where.pathname + where.search);
  }
  return storage.getItem(TOKEN_STORAGE_KEY);
}
