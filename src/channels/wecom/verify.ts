import { createHash, timingSafeEqual } from 'node:crypto'

export interface SignedValues {
  readonly token: string
  readonly timestamp: string
  readonly nonce: string
  /** `echostr` for URL verification, `Encrypt` for messages. */
  readonly encrypted: string
}

/** msg_signature: hex(sha1(join(sort([token, timestamp, nonce, encrypted])))), platforms.md §1.2. */
export function wecomSignature(values: SignedValues): string {
  return createHash('sha1')
    .update([values.token, values.timestamp, values.nonce, values.encrypted].sort().join(''))
    .digest('hex')
}

/** Compares in constant time; the length of a hex sha1 is no secret. */
export function verifyWecomSignature(values: SignedValues, signature: string): boolean {
  const expected = Buffer.from(wecomSignature(values), 'utf8')
  const given = Buffer.from(signature.toLowerCase(), 'utf8')
  return given.length === expected.length && timingSafeEqual(given, expected)
}
