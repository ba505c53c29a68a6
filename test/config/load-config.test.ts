import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../src/config/load-config.ts'

describe('loadConfig', () => {
  it('applies defaults to an empty environment', () => {
    const config = loadConfig({}, '/srv/liaison')
    expect(config.http.port).toBe(3000)
    expect(config.store).toEqual({ mongodbUri: undefined, dataDir: '/srv/liaison/data', embeddedPort: 0 })
    expect(Object.isFrozen(config.store)).toBe(true)
  })

  it.each([
    [{ PORT: 'abc' }, 'PORT must be a TCP port number from 0 to 65535 (got "abc")'],
    [{ PORT: '70000' }, 'PORT must be a TCP port'],
    [{ EMBEDDED_MONGO_PORT: '-1' }, 'EMBEDDED_MONGO_PORT must be'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of fatal'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV must be development, production or test'],
    [{ RULES_PROFILE: 'tsinghua' }, 'RULES_PROFILE must be the name of a rule profile of conversations/rules (default, suda, fjhc, hpu, njtech) (got "tsinghua")'],
    [{ RULES_PROFILE: 'target-kinds' }, 'RULES_PROFILE must be the name of a rule profile'],
  ])('names the variable in one line for %o', (env, expected) => {
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(expected)
  })

  it('never echoes a secret value back', () => {
    const attempt = () => loadConfig({ MONGODB_URI: 'http://admin:hunter2@db' })
    expect(attempt).toThrow('MONGODB_URI must be a mongodb:// or mongodb+srv:// connection string (got a value that is not shown)')
    expect(attempt).not.toThrow(/hunter2/)
  })

  it('treats blank values as unset', () => {
    expect(loadConfig({ PORT: '  ', MONGODB_URI: '' }).http.port).toBe(3000)
  })
})

describe('loadConfig: channels', () => {
  const wecom = { WECOM_CORP_ID: 'ww1436e0e65a779aee', WECOM_TOKEN: 'QDG6eK', WECOM_ENCODING_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', WECOM_AGENT_ID: '1000002', WECOM_SECRET: 'app-secret' }

  it('turns a channel on only with all of its settings', () => {
    const config = loadConfig({ ...wecom, WECOM_API_BASE: 'http://127.0.0.1:8080/' })
    expect(config.channels.wecom).toEqual({ corpId: 'ww1436e0e65a779aee', token: 'QDG6eK', encodingAesKey: wecom.WECOM_ENCODING_AES_KEY, agentId: 1000002, secret: 'app-secret', apiBase: 'http://127.0.0.1:8080' })
    expect(config.channels.dingtalk).toBeUndefined()
    expect(loadConfig({}).channels).toMatchObject({ wecom: undefined, wecomBot: undefined, dingtalk: undefined, localChat: true })
  })

  it.each([
    [{ ...wecom, WECOM_SECRET: undefined }, 'WECOM_SECRET must be set too: the WeCom app channel needs all of'],
    [{ WECOM_CORP_ID: 'ww1' }, 'WECOM_TOKEN must be set too'],
    [{ WECOM_BOT_TOKEN: 'abc' }, 'WECOM_BOT_ENCODING_AES_KEY must be set too'],
    [{ DINGTALK_APP_KEY: 'k', DINGTALK_APP_SECRET: 's' }, 'DINGTALK_ROBOT_CODE must be set too'],
    [{ DINGTALK_ROBOT_SECRET: 'SECabc' }, 'DINGTALK_ROBOT_WEBHOOK must be set too'],
    [{ ...wecom, WECOM_ENCODING_AES_KEY: 'short' }, 'WECOM_ENCODING_AES_KEY must be the callback EncodingAESKey (exactly 43 letters or digits) (got a value that is not shown)'],
  ])('stops on a partial or bad set, naming the variable: %o', (env, expected) => {
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(expected)
  })

  it('never echoes a channel secret', () => {
    expect(() => loadConfig({ ...wecom, WECOM_TOKEN: 'has spaces in it' })).toThrow(/WECOM_TOKEN .*not shown/)
    expect(() => loadConfig({ ...wecom, WECOM_TOKEN: 'has spaces in it' })).not.toThrow(/has spaces/)
  })

  it('keeps the local chat off in production unless asked for', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).channels.localChat).toBe(false)
    expect(loadConfig({ NODE_ENV: 'production', LOCAL_CHAT: 'on' }).channels.localChat).toBe(true)
    expect(loadConfig({ LOCAL_CHAT: 'off' }).channels.localChat).toBe(false)
  })
})
