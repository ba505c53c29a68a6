/** Documents are copied into chunks of this size; larger documents get a chunk of their own. */
const CHUNK_BYTES = 1024 * 1024

/**
 * Holds stored documents' BSON bytes in large chunks. Node's pooled small buffers would
 * interleave them with short-lived allocations, so that every 8 KiB slab stays alive for
 * one document in it; copying into chunks keeps memory close to the bytes stored. Space of
 * replaced and deleted documents is counted, and `needsRepacking` tells when live data has
 * become a small part of what the chunks hold.
 */
export class DocumentArena {
  private chunk = new Uint8Array(0)
  private used = 0
  private allocatedBytes = 0
  private liveBytes = 0

  store(bytes: Uint8Array): Uint8Array {
    const length = bytes.length
    if (length > CHUNK_BYTES / 4) {
      this.allocatedBytes += length
      this.liveBytes += length
      return Uint8Array.from(bytes)
    }
    if (this.used + length > this.chunk.length) {
      this.chunk = new Uint8Array(CHUNK_BYTES)
      this.used = 0
    }
    const view = this.chunk.subarray(this.used, this.used + length)
    view.set(bytes)
    // Keep 8-byte alignment so that views never straddle odd offsets.
    this.used += (length + 7) & ~7
    this.allocatedBytes += length
    this.liveBytes += length
    return view
  }

  release(bytes: Uint8Array): void {
    this.liveBytes -= bytes.length
  }

  /** True when at least half of the chunks' space belongs to documents no longer stored. */
  get needsRepacking(): boolean {
    return this.allocatedBytes > 8 * CHUNK_BYTES && this.liveBytes * 2 < this.allocatedBytes
  }

  /** Starts counting afresh; the caller then stores every live document again. */
  reset(): void {
    this.chunk = new Uint8Array(0)
    this.used = 0
    this.allocatedBytes = 0
    this.liveBytes = 0
  }
}
