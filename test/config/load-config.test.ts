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
