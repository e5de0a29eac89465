/** Hostile text from a target (issue 14, item 6): nothing in it may act on a terminal. */
import { describe, expect, it } from 'vitest';
import { neutraliseControls, neutraliseControlsDeep } from '../../../main/engine/controlText';
import { REDACTED } from '../../../main/engine/redactor';
import { startJob } from '../../../main/engine/runJob';
import { t, testPorts } from '../../support/engineHarness';

/** Would a terminal act on this? Any ESC, C1 control, BEL or bare CR. */
// eslint-disable-next-line no-control-regex
const ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('neutraliseControls', () => {
  it.each([
    ['OSC retitle with BEL', 'CN=\u001b]0;pwned\u0007host', 'CN=host'],
    ['OSC with ST', 'a\u001b]52;c;ZXZpbA==\u001b\\b', 'ab'],
    ['OSC 8 hyperlink', '\u001b]8;;http://evil\u001b\\click\u001b]8;;\u001b\\', 'click'],
    ['CSI clear screen', 'x\u001b[2Jy', 'xy'],
    ['CSI colour', '\u001b[31mred\u001b[0m', 'red'],
    ['8-bit CSI', '\u009b31mred', 'red'],
    ['8-bit OSC', '\u009d0;t\u0007x', 'x'],
    ['DCS', '\u001bPq#0;2;0;0;0\u001b\\after', 'after'],
    ['ESC c (reset)', 'a\u001bcb', 'ab'],
    ['an OSC never closed', 'ok\u001b]0;forever', 'ok'],
  ])('removes %s', (_label, input, expected) => {
    expect(neutraliseControls(input)).toBe(expected);
  });

  it('shows a carriage return that would overwrite a line with a fake result', () => {
    const fake = 'Copying files\r[OK     ] Install NGT: ✔ ok';
    const out = neutraliseControls(fake);
    expect(out).toBe('Copying files\\x0d[OK     ] Install NGT: ✔ ok');
    expect(out).not.toMatch(ACTIVE);
  });

  it('keeps tabs, line feeds, Unicode and CR LF line ends (as LF)', () => {
    expect(neutraliseControls('a\tb\nc\r\nd é 日本')).toBe('a\tb\nc\nd é 日本');
  });

  it('shows BEL, backspace, DEL, a lone C1 and bidi overrides as escapes', () => {
    expect(neutraliseControls('a\u0007b\u0008c\u007fd\u0085e\u202ef')).toBe('a\\x07b\\x08c\\x7fd\\x85e\\u202ef');
  });

  it('walks events and reports deeply, keys included', () => {
    const event = { outcome: { summary: '\u001b[2Jcleared', data: { ['k\u001b[1m']: ['\u009b31mv'] } } };
    expect(neutraliseControlsDeep(event)).toEqual({ outcome: { summary: 'cleared', data: { k: ['v'] } } });
  });
});

describe('the job engine neutralises every event and the report, after redaction', () => {
  it('a remote line logged with --verbose and a hostile summary reach no face raw, and secrets stay redacted', async () => {
    const secret = 'S3cret\u001b[2J-pass';
    const events: unknown[] = [];
    const handle = startJob(
      {
        kind: 'test',
        target: 'vm',
        state: {},
        secrets: [secret],
        steps: [
          {
            id: 'remote',
            phase: 'install',
            title: 'Remote',
            async run(ctx) {
              ctx.log.debug(`remote says \u001b]0;pwned\u0007hi ${secret}`);
              return { status: 'ok', summary: 'done\r[FAIL   ] fake', data: { cn: '\u009b2Jcn' } };
            },
          },
        ],
      },
      { lang: 'en', t, ports: testPorts(), tool: { name: 'ngt-prep', version: 't' }, onEvent: (e) => events.push(e) },
    );
    const report = await handle.done;
    const everything = JSON.stringify(events) + JSON.stringify(report);
    expect(everything).not.toMatch(/\\u00(?:1b|07|9b)|\\r/i);
    expect(everything).toContain(`remote says hi ${REDACTED}`);
    expect(report.steps[0]).toMatchObject({ summary: 'done\\x0d[FAIL   ] fake', data: { cn: 'cn' } });
  });
});
