/**
 * NGT's own facts, shared by the Windows and the Linux domains (neither imports the other):
 * `ngt_config.json` (on the ISO under `config/`, installed under
 * `/usr/local/nutanix/ngt/config/` or `C:\Program Files\Nutanix\config\`),
 * and NGT version ordering.
 *
 * One reading of the file for both systems. Fields differ between NGT releases; unknown ones
 * are kept in `extra`, and a known field with an unexpected type is kept there too rather than
 * trusted (the rest of the file is still read). A port must be a whole number 1-65535 (a
 * numeric string counts); a numeric version is read as text. The file is refused only when it
 * is not JSON or not a JSON object.
 */

export interface NgtConfig {
  clusterIp?: string;
  port?: number;
  ngtUuid?: string;
  ngtVersion?: string;
  communicationType?: string;
  /** Every other field, as found (including known fields whose type was unexpected). */
  extra: Record<string, unknown>;
}

export type NgtConfigResult = { ok: true; config: NgtConfig } | { ok: false; error: string };

type Known = 'clusterIp' | 'port' | 'ngtUuid' | 'ngtVersion' | 'communicationType';

const KNOWN: Record<string, Known> = {
  cluster_ip: 'clusterIp',
  port: 'port',
  ngt_uuid: 'ngtUuid',
  ngt_version: 'ngtVersion',
  communication_type: 'communicationType',
};

function asPort(value: unknown): number | undefined {
  const n =
    typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? n : undefined;
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** Parses the file's text. `error` is a short English reason for logs; callers translate by `ok`. */
export function parseNgtConfig(text: string): NgtConfigResult {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, error: `not valid JSON: ${(error as Error).message}` };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, error: 'not a JSON object' };
  }
  const config: NgtConfig = { extra: {} };
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const known = Object.prototype.hasOwnProperty.call(KNOWN, key) ? KNOWN[key] : undefined;
    const parsed = known === undefined ? undefined : known === 'port' ? asPort(value) : asText(value);
    if (known !== undefined && parsed !== undefined) {
      (config as unknown as Record<string, unknown>)[known] = parsed;
    } else {
      // defineProperty: a key named "__proto__" stays a plain field.
      Object.defineProperty(config.extra, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return { ok: true, config };
}

/**
 * Orders NGT versions such as "2.1.5", "4.0", "3.1.2.1": numeric parts
 * compared as numbers, missing parts count as 0 ("4.0" = "4"), then any
 * non-numeric tail of a part compared as text ("2.1.5" > "2.1.5-rc1").
 */
export function compareNgtVersions(a: string, b: string): -1 | 0 | 1 {
  const parse = (v: string): { n: number; tail: string }[] =>
    v
      .trim()
      .replace(/^v/i, '')
      .split('.')
      .map((part) => {
        const m = /^(\d*)(.*)$/.exec(part)!;
        return { n: m[1] === '' ? 0 : Number(m[1]), tail: m[2]! };
      });
  const pa = parse(a);
  const pb = parse(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const x = pa[i] ?? { n: 0, tail: '' };
    const y = pb[i] ?? { n: 0, tail: '' };
    if (x.n !== y.n) return x.n < y.n ? -1 : 1;
    if (x.tail !== y.tail) {
      // A release ("") sorts after any pre-release tail ("-rc1").
      if (x.tail === '') return 1;
      if (y.tail === '') return -1;
      return x.tail < y.tail ? -1 : 1;
    }
  }
  return 0;
}
