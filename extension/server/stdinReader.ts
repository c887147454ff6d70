/**
 * An LSP message reader for `--stdio` that reads file descriptor 0 itself (issue 15, server memory).
 *
 * vscode-jsonrpc's stream reader gets the pipe in 64 KiB chunks, keeps them all until a message is
 * complete and concatenates them: for a 70 MB didOpen that is ~1 100 malloc'd chunks, freed after the
 * message is decoded, which glibc keeps as a fragmented heap (~70 MiB of resident memory that never goes
 * back; bench/PROFILE.md). Here a message's body is read straight into one buffer of its Content-Length
 * (a single mmap'd block above glibc's mmap threshold, given back whole when freed), and headers and
 * small messages go through one reused 64 KiB buffer. Framing follows the LSP base protocol:
 * `Content-Length: N\r\n` (other headers ignored, charset utf-8 only), a blank line, N bytes of JSON.
 */
import { read } from 'node:fs';
import { AbstractMessageReader, Disposable, type DataCallback, type Message } from 'vscode-languageserver/node';

const HEAD_BYTES = 64 * 1024;
const CRLF2 = new Uint8Array([13, 10, 13, 10]); // the blank line after the headers

export class FdMessageReader extends AbstractMessageReader {
  private readonly head = Buffer.allocUnsafeSlow(HEAD_BYTES);
  private start = 0;
  private end = 0;
  private stopped = false;
  private callback: DataCallback | undefined;

  constructor(private readonly fd = 0) { super(); }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    this.next();
    return Disposable.create(() => { this.stopped = true; this.callback = undefined; });
  }

  /** Decode every complete message in the head buffer, then read more. */
  private next(): void {
    for (;;) {
      if (this.stopped) return;
      const sep = this.head.subarray(this.start, this.end).indexOf(CRLF2);
      if (sep < 0) {
        if (this.end - this.start >= HEAD_BYTES - 1) return this.fail(new Error('LSP header longer than 64 KiB'));
        return this.fill();
      }
      const length = contentLength(this.head.toString('ascii', this.start, this.start + sep));
      if (length === undefined) return this.fail(new Error('LSP message without a valid Content-Length header'));
      const bodyStart = this.start + sep + 4;
      const have = this.end - bodyStart;
      if (have >= length) {
        this.start = bodyStart + length;
        if (!this.deliver(this.head.toString('utf8', bodyStart, bodyStart + length))) return;
        continue;
      }
      if (length <= HEAD_BYTES / 2) { this.compact(this.start); return this.fill(); }
      // A large body: its own buffer, the bytes already here copied once, the rest read into it directly.
      const body = Buffer.allocUnsafeSlow(length);
      this.head.copy(bytes(body), 0, bodyStart, this.end);
      this.start = this.end = 0;
      return this.readBody(body, have);
    }
  }

  private readBody(body: Buffer, got: number): void {
    if (got === body.length) {
      const text = body.toString('utf8');
      if (this.deliver(text)) this.next();
      return;
    }
    read(this.fd, bytes(body), got, body.length - got, null, (err, n) => {
      if (this.stopped) return;
      if (err) return retryable(err) ? setTimeout(() => this.readBody(body, got), 2) as unknown as void : this.fail(err);
      if (n === 0) return this.fireClose();
      this.readBody(body, got + n);
    });
  }

  /** Read more bytes after what the head buffer holds. */
  private fill(): void {
    if (this.start > 0 && this.end > HEAD_BYTES / 2) this.compact(this.start);
    read(this.fd, bytes(this.head), this.end, HEAD_BYTES - this.end, null, (err, n) => {
      if (this.stopped) return;
      if (err) return retryable(err) ? setTimeout(() => this.fill(), 2) as unknown as void : this.fail(err);
      if (n === 0) return this.fireClose();
      this.end += n;
      this.next();
    });
  }

  private compact(from: number): void {
    this.head.copy(bytes(this.head), 0, from, this.end);
    this.end -= from;
    this.start = 0;
  }

  private deliver(json: string): boolean {
    let message: Message;
    try { message = JSON.parse(json) as Message; } catch (e) { this.fail(new Error(`LSP message is not JSON: ${(e as Error).message}`)); return false; }
    this.callback?.(message);
    return !this.stopped;
  }

  private fail(e: Error): void {
    this.stopped = true;
    this.fireError(e);
    this.fireClose();
  }
}

/** `Content-Length` of a header block (names are case-insensitive in the base protocol). */
export function contentLength(headers: string): number | undefined {
  for (const line of headers.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    if (line.slice(0, colon).trim().toLowerCase() !== 'content-length') continue;
    const v = line.slice(colon + 1).trim();
    return /^\d{1,12}$/.test(v) ? Number(v) : undefined;
  }
  return undefined;
}

/** A non-blocking descriptor with no data yet, or a signal: try again. */
function retryable(err: NodeJS.ErrnoException): boolean {
  return err.code === 'EAGAIN' || err.code === 'EWOULDBLOCK' || err.code === 'EINTR';
}

/** A Buffer as the view fs.read takes (@types/node 20's Buffer and TypeScript 5.7's Uint8Array disagree on `.buffer`). */
function bytes(b: Buffer): Uint8Array {
  return b as unknown as Uint8Array;
}
