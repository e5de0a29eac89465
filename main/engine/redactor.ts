/**
 * The one place secrets are removed. Every log line, event and report goes
 * through a job's redactor before it is written, printed or sent anywhere.
 */
export const REDACTED = '«redacted»';

/** Shorter values would match too much ordinary text to be removed safely. */
const MIN_SECRET_LENGTH = 3;

export class Redactor {
  private readonly secrets = new Set<string>();
  private ordered: string[] = [];

  /** Registers a secret and the encodings in which it commonly leaks. */
  add(secret: string | undefined | null): void {
    if (!secret || secret.length < MIN_SECRET_LENGTH) return;
    const variants = [
      secret,
      JSON.stringify(secret).slice(1, -1),
      Buffer.from(secret, 'utf8').toString('base64'),
      encodeURIComponent(secret),
    ];
    for (const v of variants) if (v.length >= MIN_SECRET_LENGTH) this.secrets.add(v);
    // Longest first, so a secret that contains another is removed whole.
    this.ordered = [...this.secrets].sort((a, b) => b.length - a.length);
  }

  get size(): number {
    return this.secrets.size;
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.ordered) {
      if (out.includes(s)) out = out.split(s).join(REDACTED);
    }
    return out;
  }

  /** Returns a deep copy with every string redacted (keys included). */
  redactDeep<T>(value: T): T {
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) return value.map((v) => this.walk(v));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[this.redact(k)] = this.walk(v);
      return out;
    }
    return value;
  }
}
