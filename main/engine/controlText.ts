/**
 * The one place text from a target is made safe to show. A certificate subject, a WS-Management
 * answer or a remote command's output may carry terminal control sequences: OSC (retitle the
 * terminal, write the clipboard), CSI (clear the screen, move the cursor), a bare carriage
 * return that overwrites a line with a fake "ok". Applied beside the redactor to every event and
 * report (runJob), so the CLI, the wizard, the browser host, logs and reports all get the same
 * text; our own colours are added later, by the terminal reporter only.
 *
 * Escape sequences (ECMA-48: CSI, OSC, DCS, SOS, PM, APC, in their 7-bit and 8-bit forms, and
 * two-character ESC sequences) are removed; any other control character (C0 but tab and line
 * feed, DEL, C1) and the bidirectional overrides are shown as a visible escape such as \x1b, so
 * nothing is hidden and nothing acts. A CR LF line end becomes LF.
 */

const SEQUENCES = new RegExp(
  [
    // CSI: ESC [ or 0x9B, parameter bytes, intermediate bytes, one final byte.
    '(?:\\u001b\\[|\\u009b)[0-?]*[ -/]*[@-~]?',
    // OSC, DCS, SOS, PM, APC: up to BEL or ST (ESC \ or 0x9C), or to the end of the text.
    '(?:\\u001b[\\]PX^_]|[\\u009d\\u0090\\u0098\\u009e\\u009f])[^\\u0007\\u001b\\u009c]*(?:\\u0007|\\u001b\\\\|\\u009c)?',
    // Any other ESC sequence: ESC, intermediates, one final byte.
    '\\u001b[ -/]*[0-~]?',
  ].join('|'),
  'g',
);

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

export function neutraliseControls(text: string): string {
  if (text.search(CONTROLS) === -1) return text; // the common case: nothing to do
  return text.replace(/\r\n/g, '\n').replace(SEQUENCES, '').replace(CONTROLS, visible);
}

/** A deep copy with every string (keys included) neutralised; like Redactor.redactDeep. */
export function neutraliseControlsDeep<T>(value: T): T {
  return walk(value) as T;
}

function walk(value: unknown): unknown {
  if (typeof value === 'string') return neutraliseControls(value);
  if (Array.isArray(value)) return value.map(walk);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[neutraliseControls(k)] = walk(v);
    return out;
  }
  return value;
}
