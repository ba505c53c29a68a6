/** Documents are copied into chunks of this size; larger documents get a chunk of their own. */
const CHUNK_BYTES = 1024 * 1024
/** Offsets are multiples of 8, so a location is `chunk * SLOTS_PER_CHUNK + offset / 8`. */
const ALIGNMENT = 8
const SLOTS_PER_CHUNK = CHUNK_BYTES / ALIGNMENT

/**
 * Holds stored documents' BSON bytes in large chunks and names each by its location, a
 * number. Node's pooled small buffers would interleave documents with short-lived
 * allocations, so that every 8 KiB slab stays alive for one document in it; and a view
 * object per document would cost about a hundred bytes of heap. A location stays a small
 * integer (no heap object) while the chunks hold less than 16 GiB. Space of replaced and
 * deleted documents is counted, and `needsRepacking` tells when live data has become a
 * small part of what the chunks hold. Chunks are only appended to: a view handed out
 * earlier (a cursor's batch) keeps its bytes after the document changes.
 */
export class DocumentArena {
  private readonly chunks: Uint8Array[] = []
  private used = CHUNK_BYTES
  private allocatedBytes = 0
  private liveBytes = 0

  /** Copies a document in and returns its location. */
  store(bytes: Uint8Array): number {
    const length = bytes.length
    this.allocatedBytes += length
    this.liveBytes += length
    if (length > CHUNK_BYTES / 4) {
      this.chunks.push(Uint8Array.from(bytes))
      const location = (this.chunks.length - 1) * SLOTS_PER_CHUNK
      // The next small document opens a fresh chunk: this one is full.
      this.used = CHUNK_BYTES
      return location
    }
    if (this.used + length > CHUNK_BYTES) {
      this.chunks.push(new Uint8Array(CHUNK_BYTES))
      this.used = 0
    }
    const offset = this.used
    this.chunks[this.chunks.length - 1]!.set(bytes, offset)
    this.used += Math.ceil(length / ALIGNMENT) * ALIGNMENT
    return (this.chunks.length - 1) * SLOTS_PER_CHUNK + offset / ALIGNMENT
  }

  /** The document's bytes at a location, as a view into its chunk. */
  view(location: number): Uint8Array {
    const chunk = this.chunks[Math.floor(location / SLOTS_PER_CHUNK)]!
    const offset = (location % SLOTS_PER_CHUNK) * ALIGNMENT
    // A BSON document starts with its own length (int32, little-endian).
    const length = chunk[offset]! | (chunk[offset + 1]! << 8) | (chunk[offset + 2]! << 16) | (chunk[offset + 3]! << 24)
    return chunk.subarray(offset, offset + length)
  }

  release(location: number): void {
    this.liveBytes -= this.view(location).length
  }

  /** True when at least half of the chunks' space belongs to documents no longer stored. */
  get needsRepacking(): boolean {
    return this.allocatedBytes > 8 * CHUNK_BYTES && this.liveBytes * 2 < this.allocatedBytes
  }
}
