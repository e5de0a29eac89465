/**
 * The network facts every face and domain shares, written once: the ports
 * NGT Prep and Prism Central talk on, how a typed port is read, and how a
 * host and a port are written together. Pure: the renderer bundles this file.
 */

/** WinRM over HTTPS: what Prism Central's NGT push connects to (DOMAIN.md, "Windows"). */
export const WINRM_HTTPS_PORT = 5986;
/** WinRM over HTTP: what Windows ships enabled. */
export const WINRM_HTTP_PORT = 5985;
/** SSH, the Linux job's way in. */
export const SSH_PORT = 22;
/** The NGT guest agent's link to the cluster (ngt_config.json `port`, TCP to the CVM). */
export const NGT_CLUSTER_PORT = 2074;
/** Prism Central's HTTPS API and console. */
export const PRISM_CENTRAL_PORT = 9440;

/** A TCP port as typed ("5986", " 22 "), or undefined when it is not a whole number from 1 to 65535. */
export function parsePortText(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{1,5}$/.test(trimmed)) return undefined;
  const port = Number(trimmed);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/** `host:port`, with an IPv6 address in brackets (`[fd00::1]:5986`), as URLs and socket messages write it. */
export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** A host as typed, without the brackets an IPv6 address may carry (`[fd00::1]` → `fd00::1`). */
export function unbracketHost(host: string): string {
  return host.replace(/^\[(.*)\]$/, '$1');
}
