import { crc32 } from 'node:zlib'
import { deserialize, serialize, type Document } from 'bson'
import { DESERIALIZE_OPTIONS } from '../wire/messages.ts'

/**
 * The framing shared by the journal and snapshots: [u32 length][u32 crc32][BSON payload],
 * little-endian. A record whose length or checksum does not hold marks the end of what was
 * written completely (a torn tail after a crash).
 */
const FRAME_HEADER = 8

export function encodeRecord(record: Document): Buffer {
  const payload = serialize(record)
  const frame = Buffer.allocUnsafe(FRAME_HEADER + payload.length)
  frame.writeUInt32LE(payload.length, 0)
  frame.writeUInt32LE(crc32(payload), 4)
  frame.set(payload, FRAME_HEADER)
  return frame
}

export interface DecodedRecords {
  readonly records: Document[]
  /** Bytes of whole, valid records; anything after it is a torn or corrupt tail. */
  readonly validBytes: number
}

export function decodeRecords(bytes: Buffer): DecodedRecords {
  const records: Document[] = []
  let offset = 0
  while (offset + FRAME_HEADER <= bytes.length) {
    const length = bytes.readUInt32LE(offset)
    const end = offset + FRAME_HEADER + length
    if (length < 5 || end > bytes.length) break
    const payload = bytes.subarray(offset + FRAME_HEADER, end)
    if (crc32(payload) !== bytes.readUInt32LE(offset + 4)) break
    try {
      records.push(deserialize(payload, DESERIALIZE_OPTIONS))
    } catch {
      break
    }
    offset = end
  }
  return { records, validBytes: offset }
}
