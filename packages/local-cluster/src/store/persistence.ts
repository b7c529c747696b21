import fs from 'fs';
import path from 'path';

/*
 * Durable state of the store: a snapshot (one JSON object per line) plus an append-only log of the
 * writes since. On open the log is replayed over the snapshot and both are compacted into a new
 * snapshot; while running, writes are appended in batches.
 */

export type LogRecord =
  | { op: 'put'; rv: number; key: string; obj: unknown }
  | { op: 'del'; rv: number; key: string; namespace: string; name: string };

export interface SnapshotRecord {
  key: string;
  obj: unknown;
}

export interface LoadedState {
  resourceVersion: number;
  records: SnapshotRecord[];
}

const COMPACT_AFTER_RECORDS = 50_000;

export class Persistence {
  private readonly snapshotFile: string;
  private readonly logFile: string;
  private pending: string[] = [];
  private flushScheduled = false;
  private recordsInLog = 0;
  private closed = false;

  constructor(dir: string, private readonly snapshotSource: () => { resourceVersion: number; records: SnapshotRecord[] }) {
    fs.mkdirSync(dir, { recursive: true });
    this.snapshotFile = path.join(dir, 'snapshot.jsonl');
    this.logFile = path.join(dir, 'log.jsonl');
  }

  /** Reads snapshot + log; records keyed by `${key}|${namespace}|${name}` keep their last state. */
  load(keyOf: (storageKey: string, obj: any) => string): LoadedState {
    const objects = new Map<string, SnapshotRecord>();
    let resourceVersion = 0;
    if (fs.existsSync(this.snapshotFile)) {
      const lines = fs.readFileSync(this.snapshotFile, 'utf8').split('\n');
      for (const line of lines) {
        if (!line) continue;
        const rec = JSON.parse(line);
        if (rec.resourceVersion !== undefined && rec.key === undefined) {
          resourceVersion = Math.max(resourceVersion, Number(rec.resourceVersion));
          continue;
        }
        objects.set(keyOf(rec.key, rec.obj), { key: rec.key, obj: rec.obj });
      }
    }
    if (fs.existsSync(this.logFile)) {
      const lines = fs.readFileSync(this.logFile, 'utf8').split('\n');
      for (const line of lines) {
        if (!line) continue;
        let rec: LogRecord;
        try {
          rec = JSON.parse(line);
        } catch {
          continue; // a torn last line from an unclean stop
        }
        resourceVersion = Math.max(resourceVersion, rec.rv);
        if (rec.op === 'put') objects.set(keyOf(rec.key, rec.obj), { key: rec.key, obj: rec.obj });
        else objects.delete(keyOf(rec.key, { metadata: { namespace: rec.namespace || undefined, name: rec.name } }));
      }
    }
    return { resourceVersion, records: [...objects.values()] };
  }

  append(record: LogRecord): void {
    if (this.closed) return;
    this.pending.push(JSON.stringify(record));
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0) return;
    const data = `${this.pending.join('\n')}\n`;
    this.recordsInLog += this.pending.length;
    this.pending = [];
    fs.appendFileSync(this.logFile, data);
    if (this.recordsInLog > COMPACT_AFTER_RECORDS) this.compact();
  }

  /** Writes the full state as a new snapshot and empties the log. */
  compact(): void {
    this.pending = [];
    const { resourceVersion, records } = this.snapshotSource();
    const tmp = `${this.snapshotFile}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, `${JSON.stringify({ resourceVersion })}\n`);
      let chunk: string[] = [];
      for (const r of records) {
        chunk.push(JSON.stringify(r));
        if (chunk.length >= 1000) {
          fs.writeSync(fd, `${chunk.join('\n')}\n`);
          chunk = [];
        }
      }
      if (chunk.length) fs.writeSync(fd, `${chunk.join('\n')}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.snapshotFile);
    fs.writeFileSync(this.logFile, '');
    this.recordsInLog = 0;
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.compact();
    this.closed = true;
  }
}
