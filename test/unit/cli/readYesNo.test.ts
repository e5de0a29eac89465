/** The terminal's yes/no question: only an explicit yes is a yes; an empty line or the end of input is a no. */
import { PassThrough } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { isYes, readYesNo } from '../../../main/cli/readYesNo';

async function answer(typed: string | null): Promise<{ yes: boolean; shown: string }> {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.setEncoding('utf8').on('data', (c: string) => (shown += c));
  const pending = readYesNo('Go on? [y/N] ', input, output);
  if (typed === null) input.end();
  else input.write(typed);
  return { yes: await pending, shown };
}

describe('readYesNo', () => {
  it.each([
    ['y\n', true],
    ['YES\n', true],
    ['  yes \r\n', true],
    ['\n', false],
    ['n\n', false],
    ['yep\n', false],
    ['oui\n', false],
  ])('%j is %s, the question shown first', async (typed, expected) => {
    const r = await answer(typed);
    expect(r.yes).toBe(expected);
    expect(r.shown).toBe('Go on? [y/N] ');
  });

  it('the end of input (Ctrl-D, a closed pipe) is a no', async () => {
    expect((await answer(null)).yes).toBe(false);
  });

  it('isYes reads the same words', () => {
    expect([isYes('y'), isYes('Yes'), isYes(''), isYes('no')]).toEqual([true, true, false, false]);
  });
});
