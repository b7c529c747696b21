import { createHash } from 'crypto';

/** An application's view as the API sends it: its JSON, and an ETag for conditional requests. */
export interface SerializedView {
  body: Buffer;
  etag: string;
}

/** A freshly built view and the time until which it holds if nothing changes. */
export interface BuiltView {
  view: unknown;
  expiresAt: number;
}

interface Entry extends SerializedView {
  expiresAt: number;
}

/**
 * Serialized application views, so that repeated reads of an unchanged
 * application cost neither a rebuild nor a serialization (nor the garbage
 * they make). The owner keeps it correct by invalidating an application on
 * every change that affects it and clearing it when what every view shows
 * changes; a view also expires when time alone would change it. Bounded:
 * the least recently read views go first.
 */
export class ViewCache {
  // Map order is recency order: a read moves its entry to the end.
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries = 256) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new Error('maxEntries must be a positive integer');
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached view of `key`, or the one `build` makes now (then cached). */
  get(key: string, now: number, build: () => BuiltView): SerializedView {
    let entry = this.entries.get(key);
    this.entries.delete(key);
    if (!entry || now >= entry.expiresAt) {
      const built = build();
      const body = Buffer.from(JSON.stringify(built.view));
      entry = { body, etag: etagOf(body), expiresAt: built.expiresAt };
    }
    this.entries.set(key, entry);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return { body: entry.body, etag: entry.etag };
  }

  invalidate(keys: Iterable<string>): void {
    for (const key of keys) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** A weak ETag from the body's length and hash, the form Express itself generates. */
function etagOf(body: Buffer): string {
  const hash = createHash('sha1').update(body).digest('base64').slice(0, 27);
  return `W/"${body.length.toString(16)}-${hash}"`;
}
