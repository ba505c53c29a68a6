import { LiaisonError } from '../../errors.ts'
import { decryptWecom, MalformedCiphertext } from './cipher.ts'
import { verifyWecomSignature } from './verify.ts'

export interface SignedQuery {
  readonly signature: string
  readonly timestamp: string
  readonly nonce: string
  readonly echostr: string | undefined
}

/** The URL-decoded msg_signature, timestamp, nonce and echostr; a request without the first three is refused. */
export function signedQuery(querystring: string, what: string): SignedQuery {
  const query = new URLSearchParams(querystring)
  const signature = query.get('msg_signature') ?? ''
  const timestamp = query.get('timestamp') ?? ''
  const nonce = query.get('nonce') ?? ''
  if (!signature || !timestamp || !nonce) {
    throw new LiaisonError('UNAUTHORIZED', `${what}: msg_signature, timestamp or nonce missing`, {}, 401)
  }
  return { signature, timestamp, nonce, echostr: query.get('echostr') ?? undefined }
}

/**
 * Checks msg_signature over the ciphertext, then decrypts it and checks the receiveid. A proxy
 * that leaves `+` unencoded turns it into a space (platforms.md §4), so that reading is tried too.
 * Returns the decrypted text.
 */
export function openSigned(options: { token: string; encodingAesKey: string; receiveId: string; what: string }, query: SignedQuery, encrypted: string): string {
  const values = { token: options.token, timestamp: query.timestamp, nonce: query.nonce }
  let ciphertext = encrypted
  if (!verifyWecomSignature({ ...values, encrypted }, query.signature)) {
    const restored = encrypted.replaceAll(' ', '+')
    if (restored === encrypted || !verifyWecomSignature({ ...values, encrypted: restored }, query.signature)) {
      throw new LiaisonError('UNAUTHORIZED', `${options.what}: signature does not match`, {}, 401)
    }
    ciphertext = restored
  }
  let opened: { message: string; receiveId: string }
  try {
    opened = decryptWecom(options.encodingAesKey, ciphertext)
  } catch (error) {
    if (error instanceof MalformedCiphertext) throw new LiaisonError('BAD_REQUEST', `${options.what}: ${error.message}`, {}, 400)
    throw error
  }
  if (opened.receiveId !== options.receiveId) {
    throw new LiaisonError('UNAUTHORIZED', `${options.what}: receiveid does not match`, {}, 401)
  }
  return opened.message
}
