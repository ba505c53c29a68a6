import { describe, expect, it } from 'vitest'
import { MalformedPayload, parsePayload } from '../../../src/channels/wecom/parse-payload.ts'

describe('parsePayload', () => {
  it('reads the children of <xml> as strings, CDATA and entities included, digits kept', () => {
    const xml =
      '<xml>\n  <ToUserName><![CDATA[ww1]]></ToUserName>\n  <Content><![CDATA[热水 ]]]]><![CDATA[>不稳]]>&amp;&lt;定</Content>\n' +
      '  <MsgId>7593428754298374123</MsgId><Empty></Empty><Self/>\n</xml>'
    expect(parsePayload(xml)).toStrictEqual({ ToUserName: 'ww1', Content: '热水 ]]>不稳&<定', MsgId: '7593428754298374123', Empty: '', Self: '' })
  })

  it('keeps text with characters XML forbids: line and form feeds as line breaks, the others replaced', () => {
    expect(parsePayload('<xml><Content><![CDATA[第一行\u000B第二行\u0001]]></Content></xml>')).toStrictEqual({ Content: '第一行\n第二行\uFFFD' })
  })

  it('nests elements with children and gathers repeated names into an array', () => {
    const xml =
      '<xml><Event>template_card_event</Event><SelectedItems><SelectedItem><QuestionKey>q1</QuestionKey>' +
      '<OptionIds><OptionId>a</OptionId><OptionId>b</OptionId><OptionId>c</OptionId></OptionIds></SelectedItem></SelectedItems></xml>'
    expect(parsePayload(xml)).toStrictEqual({
      Event: 'template_card_event',
      SelectedItems: { SelectedItem: { QuestionKey: 'q1', OptionIds: { OptionId: ['a', 'b', 'c'] } } },
    })
  })

  it('keeps an element called __proto__ as a plain field', () => {
    const parsed = parsePayload('<xml><__proto__>x</__proto__><A>1</A></xml>')
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype)
    expect(Object.keys(parsed)).toEqual(['__proto__', 'A'])
  })

  it('refuses XML that is not well-formed, has a DOCTYPE or another root', () => {
    for (const bad of ['<xml><A>1</A>', '<xml><A>1</B></xml>', '<xml>&bogus;</xml>', '<xml></xml><xml></xml>', '<xml></xml>trailing', '<!DOCTYPE x [<!ENTITY a "b">]><xml>&a;</xml>', '<root><A>1</A></root>', '<xml a=1></xml>']) {
      expect(() => parsePayload(bad), bad).toThrow(MalformedPayload)
    }
  })

  it('reads JSON with numbers as their digits', () => {
    expect(parsePayload('{"msgid": 7593428754298374123, "text": {"content": "帮助"}}')).toStrictEqual({ msgid: '7593428754298374123', text: { content: '帮助' } })
  })
})
