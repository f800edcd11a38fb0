/** A stream's last revision and the hash the next event chains from. */
export interface StreamHead {
  readonly revision: number;
  readonly hash: string;
}

/** More streams than this and the cache starts afresh: a bound on memory, not a working-set estimate. */
const MAX_STREAMS = 10_000;

/**
 * The heads of the streams this connection has lately appended to or looked at, so that an append and a
 * `streamRevision` need not read the stream's last row each time (23 such reads per order over HTTP).
 *
 * Valid only while no other connection has committed: every use first reads `PRAGMA data_version`, which
 * changes exactly when another connection has committed since this one last read it (this connection's own
 * commits leave it be), and forgets everything when it has. Inside a write transaction the lock keeps others
 * out, so one look at the start of the transaction serves every append in it. Heads written inside a
 * transaction are kept apart until its COMMIT and dropped if it fails, so the cache never holds an uncommitted
 * head.
 */
export class StreamHeads {
  private version: number | null = null;
  private readonly known = new Map<string, StreamHead | null>();
  private written = new Map<string, StreamHead>();

  constructor(
    private readonly dataVersion: () => number,
    private readonly read: (stream: string) => StreamHead | undefined,
  ) {}

  /** Forgets every head when another connection has committed since the last look. */
  private sync(): void {
    const version = this.dataVersion();
    if (version !== this.version) this.known.clear();
    this.version = version;
  }

  private lookUp(stream: string): StreamHead | null {
    const written = this.written.get(stream);
    if (written !== undefined) return written;
    const known = this.known.get(stream);
    if (known !== undefined) return known;
    const head = this.read(stream) ?? null;
    if (this.known.size >= MAX_STREAMS) this.known.clear();
    this.known.set(stream, head);
    return head;
  }

  /** The committed head, outside a write transaction; null for a stream that does not exist. */
  head(stream: string): StreamHead | null {
    this.sync();
    return this.lookUp(stream);
  }

  /**
   * A head a read found outside any write transaction (the last row of a stream read to its end, or none). It
   * is at least as new as the last look at data_version, so it is kept like any head read: a commit by another
   * connection since that look shows at the next one, which forgets it with the rest.
   */
  saw(stream: string, head: StreamHead | null): void {
    if (this.known.size >= MAX_STREAMS) this.known.clear();
    this.known.set(stream, head);
  }

  /** At the start of a write transaction, inside it. */
  begin(): void {
    this.written = new Map();
    this.sync();
  }

  /** The head inside the write transaction, including what earlier appends of it wrote. */
  headInTransaction(stream: string): StreamHead | null {
    return this.lookUp(stream);
  }

  /** An append of the open transaction that went through (its savepoint, if any, released). */
  wrote(stream: string, head: StreamHead): void {
    this.written.set(stream, head);
  }

  /** After the COMMIT: what the transaction wrote is now the committed head. */
  committed(): void {
    for (const [stream, head] of this.written) this.known.set(stream, head);
    this.written = new Map();
  }

  /** The transaction failed: nothing it wrote is kept. */
  rolledBack(): void {
    this.written = new Map();
  }
}
