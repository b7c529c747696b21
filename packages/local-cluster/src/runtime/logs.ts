import fs from 'fs';
import path from 'path';
import { PassThrough, Readable } from 'stream';
import type { PodLogOptions } from './types';

interface LogLine {
  time: number;
  text: string;
}

const MAX_LINES = 5000;
const MAX_LINE_LENGTH = 16 * 1024;

/**
 * The log of one container across its restarts: the last lines in memory (a ring), every line in a
 * file under the data folder (`<iso-time> <text>` per line), and live followers.
 */
export class ContainerLog {
  private readonly ring: LogLine[] = [];
  private ringStart = 0;
  private partial = '';
  private readonly followers = new Set<PassThrough>();
  private file: fs.WriteStream | undefined;
  /** whether a process currently writes to this log */
  private live = false;

  constructor(readonly filePath: string) {
    // a pod brought back up after a cluster restart keeps the lines of its earlier run
    for (const line of parseLogFile(filePath).slice(-MAX_LINES))
      this.ring.push(line);
  }

  /** A new container instance starts writing. */
  open(): void {
    this.live = true;
    if (!this.file) {
      fs.mkdirSync(path.dirname(this.filePath), { recursive: true });
      this.file = fs.createWriteStream(this.filePath, { flags: 'a' });
      this.file.on('error', () => undefined); // a full disk must not crash the cluster
    }
  }

  write(chunk: Buffer | string): void {
    const text = this.partial + chunk.toString();
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    if (this.partial.length > MAX_LINE_LENGTH) {
      lines.push(this.partial);
      this.partial = '';
    }
    for (const line of lines) this.appendLine(line);
  }

  /** The current instance ended: flush the partial line, end followers (as `kubectl logs -f` ends). */
  close(): void {
    if (this.partial) this.appendLine(this.partial);
    this.partial = '';
    this.live = false;
    for (const f of this.followers) f.end();
    this.followers.clear();
  }

  /** Releases the file handle (pod deleted or cluster stopping). */
  dispose(): void {
    this.close();
    this.file?.end();
    this.file = undefined;
  }

  read(opts: PodLogOptions): NodeJS.ReadableStream {
    const lines = selectLines(this.lines(), opts);
    const out = new PassThrough();
    for (const line of lines) out.write(format(line, opts));
    if (opts.follow && this.live) {
      this.followers.add(out);
      out.on('close', () => this.followers.delete(out));
      (out as any).timestamps = !!opts.timestamps;
    } else {
      out.end();
    }
    return out;
  }

  private lines(): LogLine[] {
    return [
      ...this.ring.slice(this.ringStart),
      ...this.ring.slice(0, this.ringStart),
    ];
  }

  private appendLine(text: string): void {
    const line = { time: Date.now(), text };
    if (this.ring.length < MAX_LINES) this.ring.push(line);
    else {
      this.ring[this.ringStart] = line;
      this.ringStart = (this.ringStart + 1) % MAX_LINES;
    }
    this.file?.write(`${new Date(line.time).toISOString()} ${text}\n`);
    for (const f of this.followers)
      f.write(format(line, { timestamps: (f as any).timestamps }));
  }
}

function format(line: LogLine, opts: PodLogOptions): string {
  return opts.timestamps
    ? `${new Date(line.time).toISOString()} ${line.text}\n`
    : `${line.text}\n`;
}

function selectLines(lines: LogLine[], opts: PodLogOptions): LogLine[] {
  let selected = lines;
  if (opts.sinceSeconds !== undefined) {
    const since = Date.now() - opts.sinceSeconds * 1000;
    selected = selected.filter(l => l.time >= since);
  }
  if (opts.tailLines !== undefined && opts.tailLines >= 0)
    selected = selected.slice(Math.max(0, selected.length - opts.tailLines));
  return selected;
}

/** Reads a container's log file written by an earlier run of the cluster. */
export function readLogFile(
  filePath: string,
  opts: PodLogOptions,
): NodeJS.ReadableStream | undefined {
  if (!fs.existsSync(filePath)) return undefined;
  return Readable.from(
    selectLines(parseLogFile(filePath), opts).map(l => format(l, opts)),
  );
}

function parseLogFile(filePath: string): LogLine[] {
  let content: string;
  try {
    content = fs.readFileSync(filePath, 'utf8');
  } catch {
    return [];
  }
  return content
    .split('\n')
    .filter(l => l.length > 0)
    .map(l => {
      const space = l.indexOf(' ');
      return {
        time: Date.parse(l.slice(0, space)) || 0,
        text: l.slice(space + 1),
      };
    });
}
