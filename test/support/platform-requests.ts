import { createHmac, randomBytes } from 'node:crypto'
import { decrypt, encrypt, getSignature } from '@wecom/crypto'

/** Keys of a WeCom app or AI bot as tests configure them. */
export interface WecomKeys {
  readonly token: string
  readonly encodingAesKey: string
  /** The corp id for the app, "" for the AI bot. */
  readonly receiveId: string
}

export function wecomQuery(keys: WecomKeys, encrypted: string, timestamp = String(Math.floor(Date.now() / 1000)), nonce = String(randomBytes(4).readUInt32BE())): string {
  const query = new URLSearchParams({ msg_signature: getSignature(keys.token, timestamp, nonce, encrypted), timestamp, nonce })
  return query.toString()
}

/** A POST to /wecom/callback as WeCom sends it: XML envelope around the encrypted message, signature in the query. */
export function wecomXmlCallback(keys: WecomKeys, plaintext: string): { query: string; body: string } {
  const encrypted = encrypt(keys.encodingAesKey, plaintext, keys.receiveId)
  return {
    query: wecomQuery(keys, encrypted),
    body: `<xml><ToUserName><![CDATA[${keys.receiveId}]]></ToUserName><AgentID><![CDATA[1000002]]></AgentID><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`,
  }
}

/** The JSON envelope (`{"encrypt": …}`), used by the AI bot and by apps switched to JSON. */
export function wecomJsonCallback(keys: WecomKeys, plaintext: string): { query: string; body: string } {
  const encrypted = encrypt(keys.encodingAesKey, plaintext, keys.receiveId)
  return { query: wecomQuery(keys, encrypted), body: JSON.stringify({ encrypt: encrypted }) }
}

export function wecomTextXml(options: { corpId: string; from: string; content: string; msgId: string; createTime?: number }): string {
  return (
    `<xml><ToUserName><![CDATA[${options.corpId}]]></ToUserName><FromUserName><![CDATA[${options.from}]]></FromUserName>` +
    `<CreateTime>${options.createTime ?? Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
    `<Content><![CDATA[${options.content}]]></Content><MsgId>${options.msgId}</MsgId><AgentID>1000002</AgentID></xml>`
  )
}

export function wecomEventXml(options: { corpId: string; from: string; event: string; eventKey?: string; createTime: number; taskId?: string }): string {
  return (
    `<xml><ToUserName><![CDATA[${options.corpId}]]></ToUserName><FromUserName><![CDATA[${options.from}]]></FromUserName>` +
    `<CreateTime>${options.createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[${options.event}]]></Event>` +
    `<EventKey><![CDATA[${options.eventKey ?? ''}]]></EventKey>${options.taskId ? `<TaskId><![CDATA[${options.taskId}]]></TaskId>` : ''}<AgentID>1000002</AgentID></xml>`
  )
}

/** Checks an encrypted passive reply's signature and returns its decrypted plaintext and receiveid. */
export function openPassiveReply(keys: WecomKeys, reply: { encrypt: string; signature: string; timestamp: string; nonce: string }): { message: string; id: string } {
  const expected = getSignature(keys.token, reply.timestamp, reply.nonce, reply.encrypt)
  if (expected !== reply.signature) throw new Error('passive reply signature does not match')
  const { message, id } = decrypt(keys.encodingAesKey, reply.encrypt)
  return { message, id }
}

/** The timestamp and sign headers of a DingTalk robot callback (platforms.md §3.1). */
export function dingtalkHeaders(appSecret: string, timestampMs: number): Record<string, string> {
  const timestamp = String(timestampMs)
  return { timestamp, sign: createHmac('sha256', appSecret).update(`${timestamp}\n${appSecret}`).digest('base64'), 'content-type': 'application/json' }
}

/** The settings that turn the WeCom self-built app on against a fake API at `apiBase`, with the local chat off. */
export function wecomAppEnv(keys: WecomKeys, apiBase: string, agentId = '1000002'): Record<string, string> {
  return {
    WECOM_CORP_ID: keys.receiveId,
    WECOM_TOKEN: keys.token,
    WECOM_ENCODING_AES_KEY: keys.encodingAesKey,
    WECOM_AGENT_ID: agentId,
    WECOM_SECRET: 'app-secret',
    WECOM_API_BASE: apiBase,
    LOCAL_CHAT: 'off',
  }
}
