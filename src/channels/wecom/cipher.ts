import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

/** The platform's ciphertext could not be read: bad Base64, wrong length, bad padding or lengths that do not add up. */
export class MalformedCiphertext extends Error {
  override name = 'MalformedCiphertext'
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/
// The plaintext is padded to a multiple of 32 bytes (platforms.md §1.2), so is the ciphertext.
const BLOCK = 32

function keyOf(encodingAesKey: string): { key: Buffer; iv: Buffer } {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64')
  if (key.length !== 32) throw new Error('EncodingAESKey does not decode to 32 bytes')
  return { key, iv: key.subarray(0, 16) }
}

/**
 * WeCom's (and DingTalk event subscription's) AES-256-CBC scheme, platforms.md §1.2: Base64 →
 * decrypt without auto padding → strip PKCS#7 to 32 → random(16) ‖ len(4, BE, bytes) ‖ msg ‖ receiveid.
 * Every length is checked, because a wrong key or a forged body shows up as absurd lengths (§8.5).
 */
export function decryptWecom(encodingAesKey: string, encrypted: string): { message: string; receiveId: string } {
  if (encrypted.length % 4 !== 0 || !BASE64.test(encrypted)) throw new MalformedCiphertext('ciphertext is not Base64')
  const ciphertext = Buffer.from(encrypted, 'base64')
  if (ciphertext.length === 0 || ciphertext.length % BLOCK !== 0) throw new MalformedCiphertext(`ciphertext of ${ciphertext.length} bytes is not a multiple of ${BLOCK}`)
  const { key, iv } = keyOf(encodingAesKey)
  const decipher = createDecipheriv('aes-256-cbc', key, iv)
  decipher.setAutoPadding(false)
  const padded = Buffer.concat([decipher.update(ciphertext), decipher.final()])
  const pad = padded[padded.length - 1]!
  if (pad < 1 || pad > BLOCK || padded.subarray(padded.length - pad).some((byte) => byte !== pad)) {
    throw new MalformedCiphertext('bad PKCS#7 padding')
  }
  const plain = padded.subarray(0, padded.length - pad)
  if (plain.length < 20) throw new MalformedCiphertext('plaintext shorter than its header')
  const length = plain.readUInt32BE(16)
  if (length > plain.length - 20) throw new MalformedCiphertext(`message length ${length} exceeds the ${plain.length - 20} bytes present`)
  return {
    message: plain.subarray(20, 20 + length).toString('utf8'),
    receiveId: plain.subarray(20 + length).toString('utf8'),
  }
}

/** The reverse of decryptWecom, for passive replies; `random` is fixed only by tests. */
export function encryptWecom(encodingAesKey: string, message: string, receiveId: string, random: Buffer = randomBytes(16)): string {
  const { key, iv } = keyOf(encodingAesKey)
  const body = Buffer.from(message, 'utf8')
  const length = Buffer.alloc(4)
  length.writeUInt32BE(body.length)
  const plain = Buffer.concat([random, length, body, Buffer.from(receiveId, 'utf8')])
  const pad = BLOCK - (plain.length % BLOCK)
  const cipher = createCipheriv('aes-256-cbc', key, iv)
  cipher.setAutoPadding(false)
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64')
}
