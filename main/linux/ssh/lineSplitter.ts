import { StringDecoder } from 'node:string_decoder';

/**
 * Turns a stream of byte chunks into complete text lines as they arrive.
 * Chunks may end in the middle of a line or of a multi-byte UTF-8 character;
 * a line ends at "\n" and a trailing "\r" (CRLF) is dropped. `flush()` hands
 * back the last unterminated line, if any, when the stream ends.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer | string): void {
    this.pending += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    let newline = this.pending.indexOf('\n');
    while (newline !== -1) {
      this.onLine(stripCarriageReturn(this.pending.slice(0, newline)));
      this.pending = this.pending.slice(newline + 1);
      newline = this.pending.indexOf('\n');
    }
  }

  flush(): void {
    this.pending += this.decoder.end();
    if (this.pending.length > 0) this.onLine(stripCarriageReturn(this.pending));
    this.pending = '';
  }
}

function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
