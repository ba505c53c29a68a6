import { randomBytes } from 'node:crypto'
import { encryptWecom } from './cipher.ts'
import { wecomSignature } from './verify.ts'

export interface PassiveKeys {
  readonly token: string
  readonly encodingAesKey: string
  readonly receiveId: string
}

/** `]]>` cannot appear inside CDATA: split it across two sections. */
function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`
}

/** Encrypts and signs a reply with a fresh timestamp and nonce (platforms.md §1.4): the signature covers the new ciphertext. */
function seal(keys: PassiveKeys, plaintext: string, nowSeconds: number) {
  const encrypted = encryptWecom(keys.encodingAesKey, plaintext, keys.receiveId)
  const timestamp = String(nowSeconds)
  const nonce = String(randomBytes(4).readUInt32BE())
  return { encrypted, timestamp, nonce, signature: wecomSignature({ token: keys.token, timestamp, nonce, encrypted }) }
}

/** The self-built app's passive text reply, XML inside and out [sample weworkapi_php callback/xmlparse.php]. */
export function passiveTextXml(keys: PassiveKeys, reply: { toUser: string; content: string }, nowSeconds: number): string {
  const plaintext =
    `<xml><ToUserName>${cdata(reply.toUser)}</ToUserName><FromUserName>${cdata(keys.receiveId)}</FromUserName>` +
    `<CreateTime>${nowSeconds}</CreateTime><MsgType>${cdata('text')}</MsgType><Content>${cdata(reply.content)}</Content></xml>`
  const sealed = seal(keys, plaintext, nowSeconds)
  return (
    `<xml><Encrypt>${cdata(sealed.encrypted)}</Encrypt><MsgSignature>${cdata(sealed.signature)}</MsgSignature>` +
    `<TimeStamp>${sealed.timestamp}</TimeStamp><Nonce>${cdata(sealed.nonce)}</Nonce></xml>`
  )
}

/** The same for an app switched to JSON callbacks (platforms.md §1.1, JSON SDK). */
export function passiveTextJson(keys: PassiveKeys, reply: { toUser: string; content: string }, nowSeconds: number): string {
  const plaintext = JSON.stringify({ ToUserName: reply.toUser, FromUserName: keys.receiveId, CreateTime: nowSeconds, MsgType: 'text', Content: reply.content })
  const sealed = seal(keys, plaintext, nowSeconds)
  return JSON.stringify({ encrypt: sealed.encrypted, msgsignature: sealed.signature, timestamp: sealed.timestamp, nonce: sealed.nonce })
}

/** The AI bot's passive reply: one finished stream message, as encrypted JSON (platforms.md §2.6). */
export function passiveStreamJson(keys: PassiveKeys, reply: { streamId: string; content: string }, nowSeconds: number): string {
  const plaintext = JSON.stringify({ msgtype: 'stream', stream: { id: reply.streamId, finish: true, content: reply.content } })
  const sealed = seal(keys, plaintext, nowSeconds)
  return JSON.stringify({ encrypt: sealed.encrypted, msgsignature: sealed.signature, timestamp: sealed.timestamp, nonce: sealed.nonce })
}

/** What is left of the passive budget of a callback that arrived at `arrivedMs`: storing it counts against WeCom's 5 s too. */
export function remainingBudget(budgetMs: number, arrivedMs: number): number {
  return Math.max(0, budgetMs - (Date.now() - arrivedMs))
}
