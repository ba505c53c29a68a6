import { randomUUID } from 'node:crypto'
import type { WecomAppConfig } from '../../config/load-config.ts'
import { fitBytes } from '../fit-bytes.ts'
import { plainText, type OutboundMessage, type Recipient } from '../message.ts'
import { fetchForSend, readJsonAnswer, SendFailure, type ChannelSender, type Destination } from '../sender.ts'
import { TokenCache } from '../token-cache.ts'

export interface WecomSenderOptions {
  readonly timeoutMs?: number
  readonly now?: () => Date
}

/** Per member: 30 a minute and 1000 an hour; beyond that WeCom drops messages silently (platforms.md §2.2, §6). */
const MEMBER_LIMITS = [{ count: 30, windowMs: 60_000 }, { count: 1000, windowMs: 3_600_000 }]
/** Group robots: 20 a minute (§2.4); also used for AI bot answers in a group, whose limit is not documented. */
const ROBOT_LIMITS = [{ count: 20, windowMs: 60_000 }]
/** appchat: each member 200 a minute (§2.3), so a chat no more than that. */
const APPCHAT_LIMITS = [{ count: 200, windowMs: 60_000 }]
const TEXT_LIMIT_BYTES = 2048
const ROBOT_MARKDOWN_LIMIT_BYTES = 4096

/** errcodes worth another try later (§2.5): system busy and too many concurrent calls (a short wait), the rate limit (a long one). */
const SHORT_WAIT = new Set([-1, 45033])
const RATE_LIMITED = 45009
const TOKEN_REFUSED = new Set([40014, 42001])

/**
 * WeCom's way out: message/send to a member, appchat/send to a group the app created,
 * response_url for AI bot answers, and the group robot webhook for the administrators.
 */
export class WecomSender implements ChannelSender {
  readonly platform = 'wecom' as const
  private readonly tokens: TokenCache | undefined
  private readonly timeoutMs: number
  private readonly now: () => Date

  constructor(
    private readonly app: WecomAppConfig | undefined,
    private readonly robot: { readonly key: string; readonly apiBase: string } | undefined,
    options: WecomSenderOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000
    this.now = options.now ?? (() => new Date())
    this.tokens = app ? new TokenCache(() => this.fetchToken(app), { now: () => this.now().getTime() }) : undefined
  }

  destination(recipient: Recipient): Destination {
    switch (recipient.kind) {
      case 'person':
        return { key: `wecom:member:${recipient.userId}`, limits: MEMBER_LIMITS }
      case 'group':
        return { key: `wecom:appchat:${recipient.chatId}`, limits: APPCHAT_LIMITS }
      case 'admins':
        return { key: 'wecom:robot', limits: ROBOT_LIMITS }
      case 'reply':
        return recipient.target.chat.type === 'group'
          ? { key: `wecom:chat:${recipient.target.chat.chatId}`, limits: ROBOT_LIMITS }
          : { key: `wecom:member:${recipient.target.userId}`, limits: MEMBER_LIMITS }
    }
  }

  async send(recipient: Recipient, message: OutboundMessage): Promise<void> {
    switch (recipient.kind) {
      case 'person':
        return this.callApi('/cgi-bin/message/send', { touser: recipient.userId, ...this.appMessage(message) })
      case 'group':
        return this.callApi('/cgi-bin/appchat/send', { chatid: recipient.chatId, ...this.chatMessage(message) })
      case 'admins':
        return this.sendRobot(message)
      case 'reply': {
        const { target } = recipient
        // An AI bot answer: response_url, once, within the hour (§2.6).
        if (target.webhook && target.webhook.expiresAt > this.now()) {
          return this.post(target.webhook.url, { msgtype: 'markdown', markdown: { content: fitBytes(plainText(message), 20480) } }, 'aibot/response')
        }
        if (target.chat.type === 'group') throw new SendFailure('the AI bot can answer a group only through response_url, which has expired', 'never')
        return this.callApi('/cgi-bin/message/send', { touser: target.userId, ...this.appMessage(message) })
      }
    }
  }

  private appMessage(message: OutboundMessage): Record<string, unknown> {
    const agentid = this.requireApp().agentId
    switch (message.kind) {
      case 'text':
        return { agentid, msgtype: 'text', text: { content: fitBytes(message.text, TEXT_LIMIT_BYTES) } }
      case 'markdown':
        return { agentid, msgtype: 'markdown', markdown: { content: fitBytes(message.markdown, TEXT_LIMIT_BYTES) } }
      case 'card':
        // A button press comes back as a template_card_event whose EventKey is the button's key [doc 90236].
        return {
          agentid,
          msgtype: 'template_card',
          template_card: {
            card_type: 'button_interaction',
            main_title: { title: message.title },
            sub_title_text: message.text,
            task_id: randomUUID().replaceAll('-', ''),
            button_list: message.buttons.slice(0, 6).map((b) => ({ text: b.label, style: 1, key: b.value })),
          },
        }
    }
  }

  /** appchat has no interactive cards: a card goes as markdown with its choices listed. */
  private chatMessage(message: OutboundMessage): Record<string, unknown> {
    return message.kind === 'text'
      ? { msgtype: 'text', text: { content: fitBytes(message.text, TEXT_LIMIT_BYTES) } }
      : { msgtype: 'markdown', markdown: { content: fitBytes(plainText(message), TEXT_LIMIT_BYTES) } }
  }

  private async sendRobot(message: OutboundMessage): Promise<void> {
    if (!this.robot) throw new SendFailure('WECOM_ROBOT_WEBHOOK_KEY is not set', 'never')
    const url = `${this.robot.apiBase}/cgi-bin/webhook/send?key=${encodeURIComponent(this.robot.key)}`
    const body =
      message.kind === 'text'
        ? { msgtype: 'text', text: { content: fitBytes(message.text, TEXT_LIMIT_BYTES) } }
        : { msgtype: 'markdown', markdown: { content: fitBytes(plainText(message), ROBOT_MARKDOWN_LIMIT_BYTES) } }
    return this.post(url, body, 'webhook/send')
  }

  /** An API call with the app's access token; a refused token is dropped and the call made once more (§2.1). */
  private async callApi(path: string, body: Record<string, unknown>): Promise<void> {
    const tokens = this.requireTokens()
    const app = this.requireApp()
    for (let attempt = 1; ; attempt++) {
      const token = await tokens.get()
      const answer = await this.postRaw(`${app.apiBase}${path}?access_token=${encodeURIComponent(token)}`, body, path)
      const errcode = Number(answer.errcode ?? 0)
      if (TOKEN_REFUSED.has(errcode) && attempt === 1) {
        tokens.invalidate(token)
        continue
      }
      checkAnswer(answer, path)
      const invalid = ['invaliduser', 'invalidparty', 'invalidtag'].map((f) => answer[f]).filter((v) => typeof v === 'string' && v !== '')
      if (invalid.length > 0) throw new SendFailure(`${path}: recipient unknown to WeCom`, 'never')
      return
    }
  }

  private async post(url: string, body: unknown, what: string): Promise<void> {
    checkAnswer(await this.postRaw(url, body, what), what)
  }

  private async postRaw(url: string, body: unknown, what: string): Promise<Record<string, unknown>> {
    const response = await fetchForSend(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      timeoutMs: this.timeoutMs,
    })
    return readJsonAnswer(response, what)
  }

  private async fetchToken(app: WecomAppConfig): Promise<{ token: string; expiresInSeconds: number }> {
    const url = `${app.apiBase}/cgi-bin/gettoken?corpid=${encodeURIComponent(app.corpId)}&corpsecret=${encodeURIComponent(app.secret)}`
    const answer = await readJsonAnswer(await fetchForSend(url, { method: 'GET', timeoutMs: this.timeoutMs }), 'gettoken')
    checkAnswer(answer, 'gettoken')
    if (typeof answer.access_token !== 'string') throw new SendFailure('gettoken: no access_token in the answer', 'backoff')
    return { token: answer.access_token, expiresInSeconds: Number(answer.expires_in ?? 7200) }
  }

  private requireApp(): WecomAppConfig {
    if (!this.app) throw new SendFailure('the WeCom app is not configured (WECOM_CORP_ID …)', 'never')
    return this.app
  }

  private requireTokens(): TokenCache {
    this.requireApp()
    return this.tokens!
  }
}

/** errcode 0 passes; busy and rate limits are retried; everything else (bad secret, bad recipient …) is final (§2.5). */
function checkAnswer(answer: Record<string, unknown>, what: string): void {
  const errcode = Number(answer.errcode ?? 0)
  if (errcode === 0) return
  const reason = `${what}: errcode ${errcode} ${String(answer.errmsg ?? '').slice(0, 80)}`
  if (SHORT_WAIT.has(errcode)) throw new SendFailure(reason, 'backoff')
  if (errcode === RATE_LIMITED) throw new SendFailure(reason, 'throttled')
  throw new SendFailure(reason, 'never')
}
