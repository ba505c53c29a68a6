import { afterEach, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../support/test-app.ts'

// GET /healthz lists the channels that are on (src/main.ts `on`), and each one listed answers at
// its route while the others are not mounted. startTestApp sets NODE_ENV=test; env here wins.
const WECOM_APP = {
  WECOM_CORP_ID: 'wwliaisoncorp',
  WECOM_TOKEN: 'liaisonToken1',
  WECOM_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'app-secret',
}
const WECOM_BOT = { WECOM_BOT_TOKEN: 'liaisonBotToken1', WECOM_BOT_ENCODING_AES_KEY: 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut' }
const DINGTALK = { DINGTALK_APP_KEY: 'dingappkey', DINGTALK_APP_SECRET: 'dingtalk-app-secret', DINGTALK_ROBOT_CODE: 'dingrobotcode' }

type Channel = 'wecom' | 'wecom-bot' | 'dingtalk' | 'local'

/** A request each channel's route answers (not 404) when the channel is on; unsigned, so it is refused or read-only. */
const PROBES: Record<Channel, { path: string; method: string }> = {
  wecom: { path: '/wecom/callback', method: 'POST' },
  'wecom-bot': { path: '/wecom/bot', method: 'POST' },
  dingtalk: { path: '/dingtalk/robot', method: 'POST' },
  local: { path: '/local/people', method: 'GET' },
}

describe('GET /healthz: the channels that are on', () => {
  let app: TestApp | undefined
  afterEach(async () => {
    await app?.close()
    app = undefined
  })

  it.each<[string, Record<string, string>, Channel[], string[]]>([
    ['WeCom app and DingTalk settings, LOCAL_CHAT off', { ...WECOM_APP, ...DINGTALK, LOCAL_CHAT: 'off' }, ['wecom', 'dingtalk'], []],
    ['no channel settings (NODE_ENV=test: the local chat is on by default)', {}, ['local'], []],
    ['the WeCom AI bot alone, LOCAL_CHAT off', { ...WECOM_BOT, LOCAL_CHAT: 'off' }, ['wecom-bot'], []],
    ['every platform and LOCAL_CHAT on', { ...WECOM_APP, ...WECOM_BOT, ...DINGTALK, LOCAL_CHAT: 'on' }, ['wecom', 'wecom-bot', 'dingtalk', 'local'], []],
    // Group robots send alerts only: they are no channel, and are listed apart.
    ['admin group robots only', { WECOM_ROBOT_WEBHOOK_KEY: 'robot-key', WECOM_API_BASE: 'http://127.0.0.1:9', DINGTALK_ROBOT_WEBHOOK: 'http://127.0.0.1:9/robot/send?access_token=x' }, ['local'], ['wecom', 'dingtalk']],
    ['NODE_ENV=production without LOCAL_CHAT: the local chat is off', { NODE_ENV: 'production', ...DINGTALK }, ['dingtalk'], []],
    ['NODE_ENV=production with LOCAL_CHAT=on', { NODE_ENV: 'production', LOCAL_CHAT: 'on' }, ['local'], []],
  ])('%s', async (_, env, on, adminRobots) => {
    app = await startTestApp({ env })
    const response = await fetch(`${app.url}/healthz`)
    expect(response.status).toBe(200)
    const body = (await response.json()) as { channels: { ok: boolean; on: string[]; adminRobots: string[] } }
    expect(body.channels).toEqual({ ok: true, on, adminRobots })
    for (const [channel, probe] of Object.entries(PROBES) as Array<[Channel, (typeof PROBES)[Channel]]>) {
      const status = (await fetch(`${app.url}${probe.path}`, { method: probe.method })).status
      if (on.includes(channel)) expect(status, `${channel} is on`).not.toBe(404)
      else expect(status, `${channel} is off`).toBe(404)
    }
    // The chat page at / is the local channel's too.
    expect((await fetch(`${app.url}/`)).status === 404).toBe(!on.includes('local'))
  })
})
