import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor } from '../../../main/engine/redactor';

describe('Redactor', () => {
  it('removes secrets and their JSON, Base64 and URL encodings, longest first', () => {
    const r = new Redactor();
    r.add('pa$$"word');
    r.add('pa$$');
    expect(r.redact('x pa$$"word y')).toBe(`x ${REDACTED} y`);
    expect(r.redact(JSON.stringify({ p: 'pa$$"word' }))).toBe(`{"p":"${REDACTED}"}`);
    expect(r.redact(Buffer.from('pa$$"word').toString('base64'))).toBe(REDACTED);
    expect(r.redact(encodeURIComponent('pa$$"word'))).toBe(REDACTED);
    expect(r.redact('pa$$ alone')).toBe(`${REDACTED} alone`);
  });

  it('ignores empty and too-short values that would erase ordinary text', () => {
    const r = new Redactor();
    r.add('');
    r.add(undefined);
    r.add('ab');
    expect(r.size).toBe(0);
    expect(r.redact('ab cd')).toBe('ab cd');
  });

  it('redacts keys and values deeply without changing the input', () => {
    const r = new Redactor();
    r.add('hunter22');
    const input = { a: ['hunter22', 1, null, { hunter22: true }], b: 'ok' };
    const out = r.redactDeep(input);
    expect(out).toEqual({ a: [REDACTED, 1, null, { [REDACTED]: true }], b: 'ok' });
    expect(input.a[0]).toBe('hunter22');
  });
});
