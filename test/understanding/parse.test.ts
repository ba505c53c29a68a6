import { describe, expect, it } from 'vitest'
import { createUnderstanding, parse, type ParseResult } from '../../src/understanding/index.ts'

const understanding = createUnderstanding('conversations/vocabulary')
const now = new Date('2026-11-18T10:00:00+08:00')

function run(text: string, role?: string): ParseResult {
  return parse(text, { now, ...(role ? { role } : {}) }, understanding)
}

function field<K extends string>(result: ParseResult, key: K): unknown {
  return (result as unknown as Record<string, unknown>)[key]
}

describe('intent', () => {
  // [text, role, intent]
  const rows: ReadonlyArray<readonly [string, string | undefined, string]> = [
    ['上周三下午在3号宿舍和计算机2101班座谈，反映热水不稳定', 'collegeLeader', 'report_contact'],
    ['今天去二食堂和同学们一起吃了午饭', undefined, 'report_contact'],
    ['宿舍热水经常没有，希望尽快修', 'requester', 'submit_opinion'],
    ['匿名反映：图书馆座位被占', undefined, 'submit_opinion'],
    ['建议学校增加自习室', 'collegeLeader', 'submit_opinion'],
    ['本周进度', 'collegeLeader', 'query_progress'],
    ['我这个月还差什么', 'collegeLeader', 'query_progress'],
    ['查询 2026-0042', 'requester', 'query_opinion'],
    ['我反映的问题处理了吗', 'requester', 'query_opinion'],
    ['帮助', undefined, 'help'],
    ['怎么用', undefined, 'help'],
    ['确认', undefined, 'confirm'],
    ['好的，提交', undefined, 'confirm'],
    ['取消', undefined, 'cancel'],
    ['算了', undefined, 'cancel'],
    ['返回上一步', undefined, 'back'],
    ['撤回刚才那条', undefined, 'undo'],
    ['时间改成周二', undefined, 'edit'],
    ['地点是4号宿舍', undefined, 'edit'],
    ['你好', undefined, 'other'],
    ['谢谢', undefined, 'other'],
    // Greetings and thanks are other by the contract (help is asking what the bot does).
    ['您好', 'collegeLeader', 'other'],
    ['谢谢老师', 'collegeLeader', 'other'],
    ['辛苦了', 'collegeLeader', 'other'],
    // A field and how it changes is an edit though it names an opinion; 建议改成 suggests a change.
    ['意见改成热水不稳定', 'collegeLeader', 'edit'],
    ['反映的问题改为宿舍没网', 'collegeLeader', 'edit'],
    ['建议改成线上报名', 'collegeLeader', 'submit_opinion'],
    ['问题还有很多，宿舍太吵', 'requester', 'submit_opinion'],
    ['下周打算去3号宿舍看看', 'collegeLeader', 'other'],
    ['对，确认', undefined, 'confirm'],
    ['这条先不交了', 'collegeLeader', 'cancel'],
    ['看看我的建议', 'requester', 'query_opinion'],
    ['本月还需要做什么', 'collegeLeader', 'query_progress'],
    ['晚上总有人在宿舍楼下尾随女生', 'requester', 'submit_opinion'],
    // A nudge about an opinion already raised asks about it.
    ['怎么还没处理', 'requester', 'query_opinion'],
    ['催一下，能不能快点处理', 'requester', 'query_opinion'],
    ['我反映的问题有人管吗', 'requester', 'query_opinion'],
    // 是我反映的 says who raised a new complaint, not which opinion is asked about.
    ['不要让宿管知道是我反映的，宿管晚上不按时开门', 'requester', 'submit_opinion'],
    // Serious matters are opinions; a requester tells of no contact of their own.
    ['我最近失眠很严重，想找心理老师聊聊', 'requester', 'submit_opinion'],
    ['昨天下午在图书馆三楼看到有学生晕倒，急救很久才来', 'requester', 'submit_opinion'],
    ['今天在食堂吃出了一根头发', 'requester', 'submit_opinion'],
    ['有人在宿舍楼里推销，还骗同学办校园贷', 'requester', 'submit_opinion'],
    ['我是2024级研究生，实验室的网络经常断', 'requester', 'submit_opinion'],
    ['今天去二食堂和同学们一起吃了午饭', 'requester', 'other'],
    ['我谈心谈话次数够了吗', 'collegeLeader', 'query_progress'],
  ]
  it.each(rows)('%s (%s) → %s', (text, role, intent) => {
    expect(run(text, role).intent).toBe(intent)
  })
})

describe('contact report fields', () => {
  // [text, field, value]
  const rows: ReadonlyArray<readonly [string, string, unknown]> = [
    ['今天去二食堂和同学们一起吃了午饭', 'kinds', ['进食堂']],
    ['上周三下午在3号宿舍和计算机2101班座谈', 'kinds', ['座谈', '进宿舍']],
    ['周日晚上在腾讯会议上和研究生党支部的同学开了组织生活会', 'kinds', ['进网络', '联系党支部']],
    ['周日晚上在腾讯会议上和研究生党支部的同学开了组织生活会', 'faceToFace', false],
    ['周日晚上在腾讯会议上和研究生党支部的同学开了组织生活会', 'place', null],
    ['昨天下午3点在马院听了张老师的思政课', 'kinds', ['听课']],
    ['给支部党员上了党课', 'kinds', ['讲思政课', '联系党支部']],
    ['去3栋走了一圈，和几个寝室的同学聊天', 'kinds', ['进宿舍']],
    ['和小王聊了聊他的学习', 'kinds', ['谈心谈话']],
    ['昨天去机械学院调研走访', 'kinds', ['调查研究']],
    ['刚才在图书馆报告厅给大一新生讲了一堂形势政策课', 'place', '图书馆报告厅'],
    ['在学校大礼堂给新生党员讲党课', 'place', '大礼堂'],
    ['今天中午二食堂陪餐，跟几个大二的同学聊了下', 'place', '二食堂'],
    ['本周一 马院 听课 张老师', 'place', '马院'],
    ['昨天跟计院2202班座谈了', 'place', null],
    ['在3号楼会议室和学生干部召开座谈会', 'place', '3号楼会议室'],
    ['上周二在校史馆和离退休老同志座谈', 'place', '校史馆'],
    ['上周二在校史馆和离退休老同志座谈', 'targets', ['离退休老同志']],
    ['和张三、李四两位同学谈心', 'targets', ['张三', '李四两位同学']],
    ['跟打饭的同学聊了聊', 'targets', ['打饭的同学']],
    ['前天去看望了退休老教师李老师', 'targets', ['退休老教师李老师']],
    ['昨天下午和后勤处一起去二食堂检查，跟同学们边吃边聊', 'targets', ['同学们']],
    ['30号晚上在线上给全校学生讲了形势与政策课', 'targets', ['全校学生']],
    ['11月10日在学生活动中心参加了吉他社的活动', 'targets', ['吉他社']],
    ['11.16下午在外语学院会议室开了本科生座谈会', 'targets', ['本科生']],
    ['和计算机学院2023级学生代表座谈交流', 'missing', ['date']],
    ['在3号宿舍座谈，同学们反映热水不稳定', 'targets', ['同学们']],
    ['上周三下午在3号宿舍和计算机2101班座谈，反映热水不稳定', 'opinions', ['热水不稳定']],
    ['座谈时同学们反映热水不稳定、晚上断网太早，希望增加自习室', 'opinions', ['热水不稳定', '晚上断网太早', '增加自习室']],
    ['和学生干部座谈，提了三条建议：一是活动场地不足；二是社团经费少；三是希望多办讲座', 'opinions', ['活动场地不足', '社团经费少', '多办讲座']],
    ['和青年教师座谈，老师们建议增加科研经费，还有人提出职称评审标准不清楚', 'opinions', ['增加科研经费', '职称评审标准不清楚']],
    ['去5号宿舍查寝，同学们反映热水器坏了，我已联系后勤处', 'opinions', ['热水器坏了']],
    ['晚上在4号宿舍和住宿同学座谈，宿舍热水时有时无，WiFi信号差', 'opinions', ['宿舍热水时有时无', 'WiFi信号差']],
    ['周四去3栋走访，同学们反映晚上断网太早', 'date', '2026-11-12'],
    ['去3栋走访，同学们反映上周三晚上断网了', 'date', null],
    // Targets: a comma between two, a class with a hyphen, an activity word the vocabulary does not know,
    // an aside in brackets, a venue or a count after a visiting verb, a unit that owns a person.
    ['和辅导员，班主任座谈', 'targets', ['辅导员', '班主任']],
    ['上周五和材料21-2班的团支书谈话', 'targets', ['材料21-2班的团支书']],
    ['在篮球馆和轮滑社的同学切磋了一下', 'targets', ['轮滑社的同学']],
    ['和李教授（长江学者）谈心', 'targets', ['李教授']],
    ['拜访了王院士', 'targets', ['王院士']],
    ['去2号楼走访了几个寝室，同学们说水压不够', 'targets', ['同学们']],
    ['去2号楼走访了几个寝室，同学们说水压不够', 'kinds', ['进宿舍']],
    ['接待了3位来访家长', 'targets', ['3位来访家长']],
    ['走访了学院的老领导', 'targets', ['学院的老领导']],
    ['走访了学院的老领导', 'place', null],
    ['在路上遇到几个学生聊了聊', 'targets', ['几个学生']],
    // A class does not take in the time or place before it; a class listed before 和 is a target too;
    // a companion (陪同X) is none; a course joined by 与 is one name; 开完 names the branch's meeting.
    ['今天上午在计算机2101班听了一节数据结构课', 'targets', ['计算机2101班']],
    ['今天早上8点在计算机2101班开了个班会', 'targets', ['计算机2101班']],
    ['陪同张建国书记昨天到3号宿舍看望学生', 'targets', ['学生']],
    ['昨天计算机2101班和2102班的学生代表参加了座谈', 'targets', ['计算机2101班', '2102班的学生代表']],
    ['今天召开了计算机2101班和2102班的学生代表座谈会', 'targets', ['计算机2101班', '2102班的学生代表']],
    ['和思想道德与法治课程的同学交流', 'targets', ['思想道德与法治课程的同学']],
    ['和张老师与李老师座谈', 'targets', ['张老师', '李老师']],
    ['今天刚开完计算机学院教工第一党支部组织生活会', 'targets', ['计算机学院教工第一党支部']],
    // A place word that starts with a stop word (交流中心); 到 between two clock times introduces no place.
    ['在学术交流中心和青年教师座谈', 'place', '学术交流中心'],
    ['晚上7点到9点在计算机学院会议室和老师们座谈', 'place', '计算机学院会议室'],
    ['晚上7点到9点在计算机学院会议室和老师们座谈', 'time', '19:00'],
    // A part of day alone gives no time (contract: time).
    ['上周三下午在3号宿舍和同学们座谈', 'time', null],
    // Places: a dorm or canteen by its number, Latin words, a wing, a teaching building by its number.
    ['在东苑7舍和同学们聊天', 'place', '东苑7舍'],
    ['在东苑7舍和同学们聊天', 'kinds', ['进宿舍']],
    ['在四餐二楼和同学们吃饭', 'place', '四餐'],
    ['去Robot Lab看了看', 'place', 'Robot Lab'],
    ['在理科楼C区205和学生座谈', 'place', '理科楼C区205'],
    ['在二教B105随机听课', 'place', '二教B105'],
    // Kinds: a course listened to, a course as a topic or in a name, a hall named after talks, a club.
    ['听了2203班的线性代数', 'kinds', ['听课']],
    ['听了形势与政策课', 'kinds', ['听课']],
    ['和思政课教师代表座谈', 'kinds', ['座谈']],
    ['在学术报告厅和研究生座谈', 'kinds', ['座谈']],
    ['在南湖边和国学社的同学读书', 'kinds', ['进社团']],
    // Opinions: a cue that makes a noun, praise after a cue, a topic, what the leader did.
    ['和学生座谈，同学们反映的问题主要有两个：宿舍太吵、食堂太贵', 'opinions', ['宿舍太吵', '食堂太贵']],
    ['陪餐时同学们觉得菜品不错，就是分量少', 'opinions', ['分量少']],
    ['和学生座谈，交流了学风建设等问题', 'opinions', []],
    ['今天走访了几位老教授，了解他们遇到的困难', 'opinions', []],
    // Speech typed without punctuation: 然后 starts a clause, fillers are no part of a point.
    ['嗯那个昨天下午呢我去了一趟三号宿舍然后跟计算机2101班的几个同学聊了一下他们说那个热水啊老是时有时无的然后还有就是网速太慢了', 'opinions', ['热水啊老是时有时无的', '网速太慢了']],
    ['嗯那个昨天下午呢我去了一趟三号宿舍然后跟计算机2101班的几个同学聊了一下他们说那个热水啊老是时有时无的然后还有就是网速太慢了', 'targets', ['计算机2101班的几个同学']],
  ]
  it.each(rows)('%s: %s', (text, key, value) => {
    const result = run(text, 'collegeLeader')
    expect(result.intent).toBe('report_contact')
    expect(field(result, key)).toEqual(value)
  })
})

describe('opinion fields', () => {
  // [text, field, value]
  const rows: ReadonlyArray<readonly [string, string, unknown]> = [
    ['宿舍热水经常没有，希望尽快修', 'opinions', ['宿舍热水经常没有，希望尽快修']],
    ['宿舍热水经常没有，希望尽快修', 'category', '宿舍'],
    ['匿名反映：图书馆座位被占', 'anonymous', true],
    ['匿名反映：图书馆座位被占', 'opinions', ['图书馆座位被占']],
    ['匿名反映：图书馆座位被占', 'category', '图书馆'],
    ['别说是我说的，我们宿舍有人晚上打游戏到两三点', 'anonymous', true],
    ['校园网晚上特别卡，宿舍11点就断网', 'category', '网络信息'],
    ['二食堂的饭菜越来越贵了，分量还少', 'category', '食堂'],
    ['二食堂的饭菜越来越贵了，分量还少', 'anonymous', false],
    ['我要投诉宿舍的热水器，洗一半就没热水', 'opinions', ['宿舍的热水器', '洗一半就没热水']],
    // A bare topic and the comment on it are one point; a comment after a stated problem stays a point of its own.
    ['我要投诉食堂，太贵了', 'opinions', ['食堂，太贵了']],
    ['图书馆座位，经常被占，希望管一管', 'opinions', ['图书馆座位，经常被占，希望管一管']],
    ['宿舍热水不稳定，经常断', 'opinions', ['宿舍热水不稳定', '经常断']],
    ['1.食堂 2.太贵了', 'opinions', ['食堂', '太贵了']],
    ['老师您好，我是机械学院的学生，想反映一个问题：实验课的器材太旧了', 'opinions', ['实验课的器材太旧了']],
    ['学校东门外电动车太多，过马路很危险', 'category', '安全'],
    ['最近压力特别大，很焦虑', 'category', '心理'],
    ['学费缴费平台总是提示支付失败', 'category', '财务'],
    ['实习单位一直不给签三方协议', 'category', '就业'],
    ['奖学金评定标准不透明', 'category', '学工'],
    ['期末考试安排太密集了', 'category', '教学'],
    ['校车班次太少', 'category', '后勤'],
    ['校庆纪念品设计得太丑了，希望重新设计', 'category', '其他'],
    // The follow-up (希望后勤尽快修) stays with its point but names no topic.
    ['寝室空调坏了，希望后勤尽快修', 'category', '宿舍'],
    ['我想匿名说一下：食堂的菜太咸了', 'opinions', ['食堂的菜太咸了']],
    ['提两点建议：一是增加自习室；二是延长图书馆开放时间', 'opinions', ['增加自习室', '延长图书馆开放时间']],
    ['晚上总有人在宿舍楼下尾随女生', 'category', '安全'],
    // Asking not to be named, in other words.
    ['不想署名。宿管阿姨态度太差了，经常骂人', 'anonymous', true],
    ['不想署名。宿管阿姨态度太差了，经常骂人', 'opinions', ['宿管阿姨态度太差了', '经常骂人']],
    ['不愿署名，宿管阿姨态度太差了', 'anonymous', true],
    ['别写我名字，宿管阿姨态度太差了', 'anonymous', true],
    ['匿名处理，宿管阿姨态度太差了', 'opinions', ['宿管阿姨态度太差了']],
    ['我怕被报复，请不要公开我的信息。辅导员收班费不公开账目', 'anonymous', true],
    ['我怕被报复，请不要公开我的信息。辅导员收班费不公开账目', 'opinions', ['辅导员收班费不公开账目']],
    ['宿管阿姨态度很差，经常骂人。别告诉她是我说的', 'anonymous', true],
    ['宿管阿姨态度很差，经常骂人。别告诉她是我说的', 'opinions', ['宿管阿姨态度很差', '经常骂人']],
    ['别让老师知道是我说的，有老师上课总是迟到早退', 'anonymous', true],
    ['别让老师知道是我说的，有老师上课总是迟到早退', 'opinions', ['有老师上课总是迟到早退']],
    ['不要让宿管知道是我反映的，宿管晚上不按时开门', 'anonymous', true],
    // Waiving anonymity is no request for it, and the writer's name is no point.
    ['我不是匿名的，我叫E同学，食堂的饭菜太咸了', 'anonymous', false],
    ['我不是匿名的，我叫E同学，食堂的饭菜太咸了', 'opinions', ['食堂的饭菜太咸了']],
    ['不用匿名，食堂的饭菜太咸了', 'anonymous', false],
    ['不需要匿名，食堂的饭菜太咸了', 'anonymous', false],
    ['可以实名，我是李四，食堂的饭菜太咸了', 'opinions', ['食堂的饭菜太咸了']],
    ['可以实名，我是李四，食堂的饭菜太咸了', 'anonymous', false],
    // An address, a self-introduction, an announced count, a lone ordinal, a scene or a repeat is no point.
    ['尊敬的学校领导：您好！宿舍热水经常没有，希望尽快修', 'opinions', ['宿舍热水经常没有，希望尽快修']],
    ['我是青年教师，科研经费报销流程太复杂', 'opinions', ['科研经费报销流程太复杂']],
    ['我是2024级研究生，实验室的网络经常断', 'opinions', ['实验室的网络经常断']],
    ['我有两个问题：1. 宿舍热水经常没有 2. 食堂太贵', 'opinions', ['宿舍热水经常没有', '食堂太贵']],
    ['想反映几个问题。第一，研究生宿舍没有空调；第二，实验室的网络经常断；第三，导师津贴发放不及时', 'opinions',
      ['研究生宿舍没有空调', '实验室的网络经常断', '导师津贴发放不及时']],
    ['上周我们班开班会，同学们都说宿舍太冷了', 'opinions', ['宿舍太冷了']],
    ['宿舍热水不稳定！宿舍热水不稳定！宿舍热水不稳定！', 'opinions', ['宿舍热水不稳定']],
    // A letter's closing, an announced addition, a student number and an ordinal with 个 are no points.
    ['食堂的饭菜太咸了。此致敬礼', 'opinions', ['食堂的饭菜太咸了']],
    ['食堂的饭菜太咸了。此致 敬礼！', 'opinions', ['食堂的饭菜太咸了']],
    ['食堂的饭菜太咸了，祝工作顺利', 'opinions', ['食堂的饭菜太咸了']],
    ['补充一下，老师上课只能板书', 'opinions', ['老师上课只能板书']],
    ['我的学号是2023010203，我想问一下奖学金什么时候发', 'opinions', ['我想问一下奖学金什么时候发']],
    ['第一个是宿舍的窗户关不严。第二个是食堂太贵', 'opinions', ['宿舍的窗户关不严', '食堂太贵']],
    // 第一 that does not number a point stays (第一次, 第一个月).
    ['第一次去食堂就吃出虫子', 'opinions', ['第一次去食堂就吃出虫子']],
    // A consequence of the point (影响入职, 很耽误时间, 很不安全) belongs to it.
    ['毕业生档案转递太慢，影响入职', 'opinions', ['毕业生档案转递太慢，影响入职']],
    ['多媒体教室的投影仪经常连不上电脑 上课的时候很耽误时间', 'opinions', ['多媒体教室的投影仪经常连不上电脑 上课的时候很耽误时间']],
    ['宿舍楼道灯坏了，晚上很黑，很不安全', 'opinions', ['宿舍楼道灯坏了，晚上很黑，很不安全']],
    ['宿舍楼道灯坏了，晚上很黑，很不安全', 'category', '宿舍'],
    // Emoji inside a point and speech typed with pauses.
    ['宿舍🚿热水😭又没了，已经三天了🙏', 'opinions', ['宿舍🚿热水😭又没了，已经三天了']],
    ['嗯那个 就是 校园网 嗯 晚上 老是 掉线 然后 打游戏 都 卡', 'opinions', ['校园网 嗯 晚上 老是 掉线', '打游戏 都 卡']],
    // A consequence typed with pauses, or after 然后, still joins its point.
    ['嗯 那个 就是 我们 宿舍 的 门锁 坏了 关不上 然后 晚上 很 不安全', 'opinions', ['我们 宿舍 的 门锁 坏了 关不上 然后 晚上 很 不安全']],
    ['嗯 那个 就是 我们 宿舍 的 门锁 坏了 关不上 然后 晚上 很 不安全', 'category', '宿舍'],
    ['我们宿舍的门锁坏了关不上然后晚上很不安全', 'opinions', ['我们宿舍的门锁坏了关不上然后晚上很不安全']],
    // Categories: selling on campus is 安全; a facility is 后勤 in a unit's office; equipment is 后勤.
    ['有人在校园里推销办信用卡，还让我们扫码', 'category', '安全'],
    ['保卫处办公室的空调坏了', 'category', '后勤'],
    ['一、实验室设备老化严重。二、研究生工位不够。三、学院打印机经常坏。', 'category', '后勤'],
  ]
  it.each(rows)('%s: %s', (text, key, value) => {
    const result = run(text, 'requester')
    expect(result.intent).toBe('submit_opinion')
    expect(field(result, key)).toEqual(value)
  })
})

describe('command fields', () => {
  // [text, result]
  const rows: ReadonlyArray<readonly [string, ParseResult]> = [
    ['查询 2026-0042', { intent: 'query_opinion', ticketNo: '2026-0042' }],
    ['我的意见', { intent: 'query_opinion', ticketNo: null }],
    ['时间改成周二', { intent: 'edit', field: 'date', changes: { date: '2026-11-17' } }],
    ['时间改一下，是昨天下午三点', { intent: 'edit', field: 'date', changes: { date: '2026-11-17', time: '15:00' } }],
    ['地点是4号宿舍', { intent: 'edit', field: 'place', changes: { place: '4号宿舍' } }],
    ['地点写错了，应该是二食堂', { intent: 'edit', field: 'place', changes: { place: '二食堂' } }],
    ['不是座谈，是谈心谈话', { intent: 'edit', field: null, changes: { kinds: ['谈心谈话'] } }],
    ['对象改成计算机2102班', { intent: 'edit', field: 'targets', changes: { targets: ['计算机2102班'] } }],
    ['修改', { intent: 'edit', field: null, changes: {} }],
    ['改一下地点', { intent: 'edit', field: 'place', changes: {} }],
    ['地点改一下，在学生活动中心', { intent: 'edit', field: 'place', changes: { place: '学生活动中心' } }],
    // Opinions replaced, or added to (adds: 加上, 补充, 还有); a 是 or 还有 inside the value stays in it.
    ['意见改成热水不稳定', { intent: 'edit', field: 'opinions', changes: { opinions: ['热水不稳定'] } }],
    ['反映的问题改为宿舍没网', { intent: 'edit', field: 'opinions', changes: { opinions: ['宿舍没网'] } }],
    ['意见加上自习室不够', { intent: 'edit', field: 'opinions', changes: { opinions: ['自习室不够'] }, adds: true }],
    ['意见补充一条：晚上宿舍太吵', { intent: 'edit', field: 'opinions', changes: { opinions: ['晚上宿舍太吵'] }, adds: true }],
    ['意见改成宿舍是危房，还有食堂太贵', { intent: 'edit', field: 'opinions', changes: { opinions: ['宿舍是危房', '食堂太贵'] } }],
    ['形式加上进班级', { intent: 'edit', field: 'kinds', changes: { kinds: ['进班级'] }, adds: true }],
    ['改成线上', { intent: 'edit', field: null, changes: { kinds: ['进网络'] } }],
    ['对象还有辅导员', { intent: 'edit', field: 'targets', changes: { targets: ['辅导员'] }, adds: true }],
    // Taken out (removes: 去掉, 删掉): never a place 掉进宿舍.
    ['形式去掉进宿舍', { intent: 'edit', field: 'kinds', changes: { kinds: ['进宿舍'] }, removes: true }],
    ['对象删掉计算机2101班', { intent: 'edit', field: 'targets', changes: { targets: ['计算机2101班'] }, removes: true }],
    // An edit that names its field is one however long.
    ['对象改成计算机2101班和2102班的学生代表', { intent: 'edit', field: 'targets', changes: { targets: ['计算机2101班', '2102班的学生代表'] } }],
  ]
  it.each(rows)('%s', (text, expected) => {
    expect(run(text, 'collegeLeader')).toEqual(expected)
  })
})
