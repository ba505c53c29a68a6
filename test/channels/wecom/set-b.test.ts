import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { FakePlatform } from '../../support/fake-platform.ts'
import { openPassiveReply, wecomAppEnv, wecomXmlCallback } from '../../support/platform-requests.ts'
import { startTestApp, type TestApp } from '../../support/test-app.ts'

// Set B of platforms.md §1.6 (sbzhu/weworkapi_python callback/Sample.py): its plaintext has no
// CDATA sections and Chinese content, so only a real XML parser reads it right.
const keys = { token: 'hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo', encodingAesKey: '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt', receiveId: 'ww1436e0e65a779aee' }
const officialGet =
  '/wecom/callback?msg_signature=012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb&timestamp=1476416373&nonce=47744683&echostr=' +
  encodeURIComponent('fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==')
const officialPost = {
  query: 'msg_signature=0c3914025cb4b4d68103f6bfc8db550f79dcf48e&timestamp=1476422779&nonce=1597212914',
  // The sample's envelope, newlines included.
  body:
    '<xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName>\n<Encrypt><![CDATA[' +
    'Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+' +
    ']]></Encrypt>\n<AgentID><![CDATA[1000002]]></AgentID>\n</xml>',
}

describe('WeCom callback: official set B (no CDATA, Chinese content)', () => {
  let fake: FakePlatform
  let app: TestApp
  beforeAll(async () => {
    fake = await FakePlatform.start()
  })
  afterEach(async () => {
    await app?.close()
    fake.reset()
  })
  afterAll(() => fake.close())

  const env = () => wecomAppEnv(keys, fake.url)
  const post = (request: { query: string; body: string }) =>
    fetch(`${app.url}/wecom/callback?${request.query}`, { method: 'POST', body: request.body, headers: { 'content-type': 'text/xml' } })
  const inbound = () => app.store.connection.collection('inbound_messages')

  it('answers the set B URL verification with its echostr plaintext', async () => {
    app = await startTestApp({ env: env() })
    const response = await fetch(`${app.url}${officialGet}`)
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('1288432023552776189')
  })

  it('stores the set B message with its exact Chinese text, sender, id and time, and answers it passively', async () => {
    app = await startTestApp({ env: env(), passiveBudgetMs: 5000 })
    const response = await post(officialPost)
    expect(response.status).toBe(200)
    const stored = await inbound().findOne({ key: 'wecom:msg:1456453720' })
    expect(stored).toMatchObject({
      message: {
        platform: 'wecom',
        platformMessageId: '1456453720',
        text: '你好',
        sender: { userId: 'ChenJiaShun' },
        chat: { type: 'single', corpId: 'ww1436e0e65a779aee', chatId: 'ChenJiaShun' },
      },
    })
    expect(stored!.message.sentAt).toEqual(new Date(1476422779 * 1000))
    expect(await inbound().countDocuments()).toBe(1)
    // The passive reply goes back to the sender, encrypted for this corp.
    const body = await response.text()
    const field = (name: string) => new RegExp(`<${name}>(?:<!\\[CDATA\\[)?(.*?)(?:\\]\\]>)?</${name}>`).exec(body)?.[1] ?? ''
    const opened = openPassiveReply(keys, { encrypt: field('Encrypt'), signature: field('MsgSignature'), timestamp: field('TimeStamp'), nonce: field('Nonce') })
    expect(opened.id).toBe(keys.receiveId)
    expect(opened.message).toContain('<ToUserName><![CDATA[ChenJiaShun]]></ToUserName>')
  })

  it('reads a fresh message without CDATA whose Chinese content carries XML entities, and stores the text they stand for', async () => {
    app = await startTestApp({ env: env(), passiveBudgetMs: 0 })
    const content = '图书馆座位&lt;经常&gt;被占 &amp; 希望&#x7BA1;一&#31649; &quot;尽快&quot;&apos;谢谢&apos;'
    const plaintext =
      `<xml><ToUserName>${keys.receiveId}</ToUserName><FromUserName>LiXiaoMing</FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime>` +
      `<MsgType>text</MsgType><Content>${content}</Content><MsgId>7700000000000000001</MsgId><AgentID>1000002</AgentID></xml>`
    expect((await post(wecomXmlCallback(keys, plaintext))).status).toBe(200)
    const stored = await inbound().findOne({ key: 'wecom:msg:7700000000000000001' })
    expect(stored?.message.text).toBe(`图书馆座位<经常>被占 & 希望管一管 "尽快"'谢谢'`)
    expect(stored?.message.sender.userId).toBe('LiXiaoMing')
  })
})
