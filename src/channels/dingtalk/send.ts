import type { AdminRobotsConfig, DingtalkConfig } from '../../config/load-config.ts'
import type { OutboundMessage, Recipient } from '../message.ts'
import { fetchForSend, readJsonAnswer, SendFailure, type ChannelSender, type Destination } from '../sender.ts'
import { TokenCache } from '../token-cache.ts'
import { dingtalkSign } from './verify.ts'

export interface DingtalkSenderOptions {
  readonly timeoutMs?: number
  readonly now?: () => Date
}

/** Custom robots: 20 a minute, then throttled for 10 minutes (platforms.md §3.2). The OpenAPI's own limits are not
 * published (§6), so conversations and people get the same cautious budget. */
const LIMITS = [{ count: 20, windowMs: 60_000 }]
/** A sessionWebhook this close to its expiry is not worth trying. */
const WEBHOOK_MARGIN_MS = 60_000
const SESSION_GONE = 300001
const TOKEN_REFUSED = new Set([401])
/** The OpenAPI answers a bad or revoked token with HTTP 400 and this code, not only with 401. */
const TOKEN_REFUSED_CODE = /^InvalidAuthentication|invalid.?access.?token/i

/**
 * DingTalk's way out: the sessionWebhook of the message being answered while it is valid, else the
 * robot OpenAPI (one-to-one batch send, group send) with a cached token; the custom group robot
 * webhook, signed, for the administrators.
 */
export class DingtalkSender implements ChannelSender {
  readonly platform = 'dingtalk' as const
  private readonly tokens: TokenCache | undefined
  private readonly timeoutMs: number
  private readonly now: () => Date

  constructor(
    private readonly app: DingtalkConfig | undefined,
    private readonly robot: AdminRobotsConfig['dingtalk'],
    options: DingtalkSenderOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000
    this.now = options.now ?? (() => new Date())
    this.tokens = app ? new TokenCache(() => this.fetchToken(app), { now: () => this.now().getTime() }) : undefined
  }

  destination(recipient: Recipient): Destination {
    switch (recipient.kind) {
      case 'person':
        return { key: `dingtalk:user:${recipient.userId}`, limits: LIMITS }
      case 'group':
        return { key: `dingtalk:group:${recipient.chatId}`, limits: LIMITS }
      case 'admins':
        return { key: 'dingtalk:robot', limits: LIMITS }
      case 'reply':
        return recipient.target.chat.type === 'group'
          ? { key: `dingtalk:group:${recipient.target.chat.chatId}`, limits: LIMITS }
          : { key: `dingtalk:user:${recipient.target.userId}`, limits: LIMITS }
    }
  }

  async send(recipient: Recipient, message: OutboundMessage): Promise<void> {
    switch (recipient.kind) {
      case 'person':
        return this.openApi('/v1.0/robot/oToMessages/batchSend', { userIds: [recipient.userId], ...openApiMessage(message) })
      case 'group':
        return this.openApi('/v1.0/robot/groupMessages/send', { openConversationId: recipient.chatId, ...openApiMessage(message) })
      case 'admins':
        return this.sendCustomRobot(message)
      case 'reply': {
        const { target } = recipient
        if (target.webhook && target.webhook.expiresAt.getTime() - WEBHOOK_MARGIN_MS > this.now().getTime()) {
          const answer = await this.postJson(target.webhook.url, webhookMessage(message), 'sessionWebhook')
          // The session ended early (pitfall 11): fall through to the OpenAPI.
          if (Number(answer.errcode ?? 0) !== SESSION_GONE) return checkWebhookAnswer(answer, 'sessionWebhook')
        }
        return target.chat.type === 'group'
          ? this.openApi('/v1.0/robot/groupMessages/send', { openConversationId: target.chat.chatId, ...openApiMessage(message) })
          : this.openApi('/v1.0/robot/oToMessages/batchSend', { userIds: [target.userId], ...openApiMessage(message) })
      }
    }
  }

  private async sendCustomRobot(message: OutboundMessage): Promise<void> {
    if (!this.robot) throw new SendFailure('DINGTALK_ROBOT_WEBHOOK is not set', 'never')
    const url = new URL(this.robot.webhook)
    if (this.robot.secret) {
      // 加签: a fresh timestamp on every request, within an hour of DingTalk's clock (§3.2, pitfall 12).
      const timestamp = String(this.now().getTime())
      url.searchParams.set('timestamp', timestamp)
      url.searchParams.set('sign', dingtalkSign(timestamp, this.robot.secret))
    }
    checkWebhookAnswer(await this.postJson(url.toString(), webhookMessage(message), 'robot/send'), 'robot/send')
  }

  /** A robot OpenAPI call; a refused token is dropped and the call made once more. */
  private async openApi(path: string, body: Record<string, unknown>): Promise<void> {
    if (!this.app || !this.tokens) throw new SendFailure('the DingTalk robot is not configured (DINGTALK_APP_KEY …)', 'never')
    for (let attempt = 1; ; attempt++) {
      const token = await this.tokens.get()
      const response = await fetchForSend(`${this.app.apiBase}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': token },
        body: JSON.stringify({ robotCode: this.app.robotCode, ...body }),
        timeoutMs: this.timeoutMs,
      })
      if (TOKEN_REFUSED.has(response.status) && attempt === 1) {
        this.tokens.invalidate(token)
        continue
      }
      const answer = await readJsonAnswer(response, path)
      if (!response.ok) {
        const code = String(answer.code ?? '')
        if (TOKEN_REFUSED_CODE.test(code) && attempt === 1) {
          this.tokens.invalidate(token)
          continue
        }
        const reason = `${path}: HTTP ${response.status} ${code}`
        throw new SendFailure(reason, /throttl|flowcontrol|limit/i.test(code) ? 'throttled' : 'never')
      }
      if (nonEmpty(answer.flowControlledStaffIdList)) throw new SendFailure(`${path}: recipient under flow control`, 'throttled')
      if (nonEmpty(answer.invalidStaffIdList)) throw new SendFailure(`${path}: recipient unknown to DingTalk`, 'never')
      return
    }
  }

  private async postJson(url: string, body: unknown, what: string): Promise<Record<string, unknown>> {
    const response = await fetchForSend(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), timeoutMs: this.timeoutMs })
    return readJsonAnswer(response, what)
  }

  private async fetchToken(app: DingtalkConfig): Promise<{ token: string; expiresInSeconds: number }> {
    const response = await fetchForSend(`${app.apiBase}/v1.0/oauth2/accessToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appKey: app.appKey, appSecret: app.appSecret }),
      timeoutMs: this.timeoutMs,
    })
    const answer = await readJsonAnswer(response, 'oauth2/accessToken')
    if (!response.ok || typeof answer.accessToken !== 'string') {
      throw new SendFailure(`oauth2/accessToken: HTTP ${response.status} ${String(answer.code ?? '')}`, response.status === 400 || response.status === 403 ? 'never' : 'backoff')
    }
    return { token: answer.accessToken, expiresInSeconds: Number(answer.expireIn ?? 7200) }
  }
}

/** A button press sends its value back as if typed: DingTalk's dtmd link does exactly that. */
function buttonUrl(value: string): string {
  return `dtmd://dingtalkclient/sendMessage?content=${encodeURIComponent(value)}`
}

/** The custom-robot formats, also taken by sessionWebhook (§3.2). */
function webhookMessage(message: OutboundMessage): Record<string, unknown> {
  switch (message.kind) {
    case 'text':
      return { msgtype: 'text', text: { content: message.text } }
    case 'markdown':
      return { msgtype: 'markdown', markdown: { title: message.title, text: message.markdown } }
    case 'card':
      return {
        msgtype: 'actionCard',
        actionCard: { title: message.title, text: message.text, btnOrientation: '0', btns: message.buttons.map((b) => ({ title: b.label, actionURL: buttonUrl(b.value) })) },
      }
  }
}

/** The OpenAPI's message templates take their parameters as a JSON string (§3.5); a card becomes markdown with links. */
function openApiMessage(message: OutboundMessage): { msgKey: string; msgParam: string } {
  switch (message.kind) {
    case 'text':
      return { msgKey: 'sampleText', msgParam: JSON.stringify({ content: message.text }) }
    case 'markdown':
      return { msgKey: 'sampleMarkdown', msgParam: JSON.stringify({ title: message.title, text: message.markdown }) }
    case 'card': {
      const links = message.buttons.map((b) => `- [${b.label}](${buttonUrl(b.value)})`)
      return { msgKey: 'sampleMarkdown', msgParam: JSON.stringify({ title: message.title, text: [`### ${message.title}`, message.text, ...links].join('\n\n') }) }
    }
  }
}

/**
 * errcode 0 passes; 130101 ("send too fast") and 410100 (robot throttled) wait out the 10-minute throttle of §3.2
 * (both codes [unconfirmed], seen in third-party code); -1 (busy) backs off; the rest is final.
 */
function checkWebhookAnswer(answer: Record<string, unknown>, what: string): void {
  const errcode = Number(answer.errcode ?? 0)
  if (errcode === 0) return
  const reason = `${what}: errcode ${errcode} ${String(answer.errmsg ?? '').slice(0, 80)}`
  if (errcode === 130101 || errcode === 410100) throw new SendFailure(reason, 'throttled', 10 * 60_000)
  if (errcode === -1) throw new SendFailure(reason, 'backoff')
  throw new SendFailure(reason, 'never')
}

function nonEmpty(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0
}
