// Deterministic parser: a technician's WeChat message → one Command. Pure; no figures; the gazetteer is an argument.
import type { Achievement, ActivityKind, EligibilityFlag, TitleLevel, TitleRoute } from '../domain/vocab';
import type { Gazetteer } from '../policy/schema';
import { Command, type Intent, type OnDuty, type ParseContext, type Slots, type YearHours } from './command';
import { DOMAIN_RE, OUT_OF_SCOPE_RE, TITLE_LEVEL_PATTERNS } from './lexicon';
import { digitize, MONTH_RANGE, normalize, readDays, readHours, readMonthRange, readMonths } from './numbers';
import { extractAchievements, impliedKindOf, readAttrs } from './rule-achievements';
import { findWhere, findYears, maskSpans, type YearMention } from './rule-where';

// ---------- cues ----------

const HUMAN =
  /转.{0,3}人工|人工客服|人工服务|找人工|要人工|接人工|真人|^人工$|^客服$|找客服|联系客服|人工坐席|找个人工|转接人工|(?:和|跟|与|找)人工(?:对话|聊|沟通|咨询|说)?|人工(?:对话|回复|解答|沟通)/;
const UNSUBSCRIBE =
  /提醒.{0,4}(?:关|取消|停|不要|别)|(?:取消|不要|别再?|不用|关闭|停止|退订|关掉|不需要)(?:再)?(?:了)?.{0,3}(?:提醒|订阅|通知|推送)|退订|取消订阅|不要再提醒|别提醒/;
const SUBSCRIBE =
  /提醒我|订阅|到时候?(?:提醒|通知|告诉)|(?:截止|到期)(?:前|之前).{0,4}(?:提醒|通知|告诉|说一声)|通知我|给我提醒|帮我提醒|设个提醒|设置提醒|开启提醒|记得提醒|推送给我/;
const RESTART = /重新开始|从头开始|重来|重新来|重新问|清空|重置|再来一次|从头再来|换个问题|重新咨询|开始新的/;
const CANCEL =
  /^(?:好的|好吧|那|哦|嗯|行|那就)?(?:取消|算了|不问了|不用了|没事了|不要了|不查了|停止|退出|先这样|就这样吧|不需要了|结束|不算了|不弄了|先不问了|没事|不用查了|不用算了)+(?:吧|了|啦|哈|谢谢|谢谢你|谢谢老师)*$/;
const GREETING =
  /^(?:你好|您好|hi|hello|hey|嗨|哈喽|哈啰|在吗|在不在|有人吗|有人在吗|早上好|上午好|中午好|下午好|晚上好|早|老师好|老师|小助手|喂|在么|您好在吗|你好在吗|你好呀|打扰了|打扰一下|请问)+(?:呀|啊|哈|哦|呢)*$/i;
const HELP =
  /你能(?:干|做)(?:些)?(?:什么|啥)|你都?会(?:什么|啥|干嘛|做什么)|有(?:什么|哪些)功能|怎么用你|怎么使用|(?:可以|能)帮我(?:做|干|查|算)?(?:什么|啥|哪些)|你是谁|你是干(?:什么|啥)的|能问(?:什么|啥|哪些)|使用说明|^帮助$|^help$|功能介绍|可以问(?:什么|哪些|啥)|都能查(?:什么|啥)|能查(?:什么|啥|哪些)|支持(?:哪些|什么)(?:问题|功能)|你是(?:机器人|ai|AI)吗|能(?:回答|解答)(?:什么|哪些|啥)|你好.{0,2}你是/;
const CORRECTION =
  /^(?:不好意思|抱歉|对不起|哦|啊|嗯)?(?:不对|不是的|错了|说错了|搞错了|更正一下|更正|纠正一下|纠正|我说错了|写错了|打错了|应该是|不对不对|刚才说错了|刚才写错了|弄错了|改一下|修改一下)/;
const FOLLOW_UP = /^(?:那|那么|如果|要是|假如|换成|改成|换作)|呢[？?。!！]*$|的话[？?。!！]*$/;
// a follow-up that still asks something of its own ("那论文呢，独著一篇能算多少") is a new question
const FOLLOW_UP_ASKS =
  /多少|几|怎么|能否|能不能|可以|可不可以|算不算|能算|认定|折算|吗|么|如何|啥|什么|哪|是否|要求|需要|电话|截止/;
// authorship words name a paper when nothing else is named (papers are the usual authored item)
const AUTHOR_WORD = /作者|独著|合著|独撰|一作|通讯/;
// "我其实在安徽", "其实是实用新型": the right fact after the one told
const CORRECTION_ACTUALLY = /^(?:我|本人)?其实(?:我)?(?:是|在)(?=.)/;
const CORRECTION_NOT_BUT = /^不是(.{1,12}?)(?:而)?是(.+)$/;
// "不好意思，是C级": an apology followed by the right fact
const CORRECTION_SORRY = /^(?:不好意思|抱歉|对不起|sorry)[,，。!！\s]*(?:我)?(?:是|应该是|其实是)(?=.)/i;

// "找谁登记": who registers the hours, a procedure question
const Q_PROCEDURE_WHO =
  /找谁(?:登记|审核|验证|审验|认定|盖章|核验|申报|申请|备案)|(?:上|去)哪(?:里|儿)?(?:验证|核验|审验|登记)/;
const Q_CONTACT =
  /电话|联系方式|热线|号码|手机号|座机|咨询.{0,3}(?:哪|谁)|找谁|打给谁|联系谁|联系人|怎么联系|打哪个|(?:局|部|厅|委|处|科|学院|中心|基地|窗口)[^,，。？?]{0,8}咨询\s*$/;
const Q_DEADLINE =
  /截止|截至|什么时候|啥时候|何时|几号|几月几|最晚|最迟|期限|结束|关闭|到哪天|到几时|deadline|来得及|时间节点|时间安排|(?:学习|培训|审验|备案|申报|提交)时间(?=$|[?？吗呢。,，\s]|是(?:几|哪|什么)|到)|多久之前|哪天|几月份|到什么时间|还有几天|(?<!(?:在岗|上班|工作|出勤|上岗|请假|休假|产假|病假|援派|驻村|培训|学习)的?)时间是(?!\s*(?:大概|大约|约|共|一共)?[\d一二两三四五六七八九十半]+个?多?(?:月|天|年|周|星期|小时))/i;
// a calendar date asked about ("12月31号之前学完就行吗") is a deadline question
const Q_DATE = /\d{1,2}\s*月\s*(?:\d{1,2}\s*[日号]|底|末|份前)(?:前|之前|以前)?/;
const Q_PLATFORM =
  /哪个系统|什么系统|系统在哪|网站|网址|平台|链接|官网|登录|登陆|入口|(?<![a-zA-Z])app(?![a-zA-Z])|公众号|小程序/i;
const Q_PLATFORM_WEAK =
  /在哪(?:个|里|儿)?学|哪里学|怎么学|去哪学|网上学|在哪学|哪学|上哪|(?:手机|微信|电脑|平板)(?:上|里)?(?:能|可以|怎么|咋|能不能|可不可以)?(?:学|听课|上课|看课)/;
const Q_POLICY_STRONG =
  /验证|核验|多少钱|收费|费用|免费吗|要钱|按.{0,6}要求学|谁(?:来)?(?:验证|审核|审验|核验|负责|盖章|认定|审批|登记)|由谁|哪个部门|哪个单位|哪一级|哪级|结转|顺延|分钟|不纳入|纳入吗|能重复|重复(?:计算|折算|认定)|需要(?:什么|哪些)材料|(?:什么|哪些)材料|证明材料|流程|怎么(?:登记|申报学时|申请学时|审验|提交|认定|核验)|如何(?:登记|申报|申请|审验|提交|认定|核验)|有效吗|认可吗|承认吗|外省|跨省|省外|(?<![去到在])外地|异地|本地认|调入|补学|补登|补录|作废|过期|查询|算哪一?年|查不到|没显示|不显示|(?<!几年的?(?:继续教育)?)学时证明|打印|证书丢|可以抵吗|就高|只能选|能不能叠加|叠加|同时认定|虚报|造假|弄虚作假|虚假|一票否决|公示|必选课|自选课|必修课|选修课|数字技术工程师|修改|能改吗|还能改|撤销|撤回|(?:平台|网站|系统).{0,4}(?:还能用|能用吗|还有效|停用|作废)|[1一]个?学时.{0,3}(?:多长|多久|多少时间)/;
// exemptions that only concern a title application ("统计副高 会计平台学的认不认")
const TITLE_ONLY_FLAGS = new Set<EligibilityFlag>(['accounting_platform', 'dual_title']);
// a rule asked about, not an item to convert ("国培跨年了算哪年", "学时能放到明年用吗", "折算的能累加不")
const Q_CLAUSE =
  /(?<![出全])国培|省培|国陪|过培|跨年|结专|放到明年|留到明年|留着.{0,4}用|明年.{0,4}(?:用|抵)|接着用|下一?年.{0,3}再?用|涂改|突击|分开登记|过渡期|新人新办法|老人老办法|累加|加在一起|加一起|多处发表|算两次|冲突|不一致|听谁的|以谁为准|归谁管|黑名单|代学|刷学时|让给|转给|送给|岗前|入职培训|上岗前|新人.{0,4}培训|法宣|自己审|审验权|自主审验|推送|备案表|自愿|学习档案|申报几次|报几次|能(?:两个|2个)?都算上?吗|公需(?:课)?(?:一点)?没学|没学公需/;
// the same, only when no figure is told ("单位办的培训班要备案吗", but not "备案的培训3天")
const Q_CLAUSE_SOFT =
  /备案|线下|面授|现场听|有几种|几种方式|完成方式|都算上|两个都算|一起认定|怎么选|好几项|几个成果|(?:能|还能|再)改|改不|填错|两个期刊|两个刊物|两个版本|重复|后果|会怎么?样|咋处理|怎么处理|培训经费|安排学习时间|给.{0,4}学习时间|学习条件|优质在线公需课|都抵|再抵|抵了|单位批准|退休|补考|重考|不及格|都得学|两个都得|只学(?:专业|公需)|不学(?:专业|公需)|顶(?:专业|公需)|必须参加|必须的|是必须|要不要参加|需不需要参加|(?:要|需要|得|用)(?:参加|学)(?:.{0,6})?继续教育|临聘|临时聘用|民办|驻军|驻青|央企|中央单位|指定平台|自己选|选平台|都行吗|按什么定|怎么填|路上|在途|统一给?导|导进|导入|自己去?报|学分|收多少钱|交钱|免费|没写到|未尽|执业药师|新闻出版|谁管|在安徽认|系统里的学时|调到|不够怎么办|补齐|网上补|不达标|没达标|盖章|核验章|申报几次|登记|公示|为准|怎么规定|有用吗|好处|请假|假期|报销|自己组织|(?:要不要|需不需要|必须)完成|高技能人才|审验吗|要审验|需要审验|还能办|基地吗|申报学时|学时申报|在哪申报|还是可以折算|必须在网上|进系统/;
const Q_POLICY =
  /算不算|算吗|算继续教育|能不能|可不可以|可以吗|行不行|是否|怎么办|如何|依据|规定|政策|有没有|要不要|需不需要|必须|一定要/;
const Q_PROGRESS =
  /还差|还需|还要(?:学|补|修)?多少|还缺|差多少|差几|够不够|够了吗|够吗|达标|完成了吗|补多少|补几|剩多少|剩下|还得|合格了吗|满足要求|满足了吗|只需|要补/;
const Q_REQUIRE =
  /要求|要多少|需要多少|要(?:学|修)满?多少|修满多少|学满多少|应修|(?<!公)需修|要完成多少|(?<!公)需完成|要几个|多少学时|几个学时|几学时|学时数|标准是|规定.{0,4}多少|一年.{0,4}多少|每年.{0,4}(?:多少|几)|各多少|分别多少|要学几|(?:学|修)(?:够|满)多少|总学时|(?:公需|专业课|专业科目|继续教育)(?:科目|课程?|学时)?(?:一共|总共|共|一年|每年)?(?:要|需要|需|得)?(?:学|修|完成)?(?:多少|几个?学时)|(?:加起来|一共|总共|合计|总计).{0,3}(?:多少|几)/;
const Q_FIGURE_CHECK = /(?:还是|就是|是|要|需要|得)\s*\d+(?:\.\d+)?\s*个?学时(?:吗|么|嘛|对吗|是吗|对吧|是吧|不)/;
const Q_CONVERT =
  /折算|认定|抵扣|算多少|算几|能算|可以算|计多少|换算|算学时|算吗|算不算|怎么算|给多少|算成|能抵|可以抵|能计|计入|多少学时|几个学时|几学时|加多少|算进|换(?:多少|几个?)?学时|能换(?!成)|可以换(?!成)/;
const Q_ELIG =
  /什么时候的学时|哪一?年的学时|职称|申报|评审|评(?=.{0,3}(?:初级|中级|副高|正高|高级))|晋升|几年|哪几年|近\d年|够报|能报|可以报|报(?=.{0,2}(?:初级|中级|副高|正高|高级))|转系列|认定(?=.{0,3}(?:初级|中级|副高|正高|高级|职称))|资格条件|参评/;
// "需要提交几年的学时": only title applications count hours over years
const Q_ELIG_YEARS =
  /(?:提交|提供|需要|要|得|具备)(?:近|最近)?几年的?(?:继续教育)?学时|哪几年的?(?:继续教育)?学时|几年的继续教育/;
const Q_LIMIT = /最多|上限|封顶|最高(?:能|可以|可)?(?:认定|算|拿|计|获得|多少)|不超过多少|有没有限制|限制多少/;
const QUESTION =
  /[?？吗呢么嘛]|是不是|谁|啥|(.)不\1|不$|多少|几|怎么|怎样|咋样|多长|多久|什么|哪|是否|能否|可否|能不能|可不可以|行不行|算不算|有没有|要不要|咋/;
const PROFILE_STATEMENT =
  /^(?:我|本人)?(?:是|在)|^(?:我|本人)?(?:要|想|准备|打算|今年|明年)*(?:评|申报|报|参评)|的$|人$|工作$|上班$/;

// ---------- title / eligibility ----------

interface TitleInfo {
  level?: TitleLevel;
  route?: TitleRoute;
  flags: EligibilityFlag[];
  mentionsTitle: boolean;
}

function readTitle(text: string): TitleInfo {
  // 职称外语 / 职称计算机 are exams, not titles
  const s = text.replace(/职称(?=外语|英语|日语|俄语|计算机)/g, '□□');
  let masked = s;
  const found: Array<{ level: TitleLevel; at: number }> = [];
  for (const [re, level] of TITLE_LEVEL_PATTERNS) {
    const g = new RegExp(re.source, 'g');
    for (const m of masked.matchAll(g)) {
      found.push({ level, at: m.index });
      masked = masked.slice(0, m.index) + '□'.repeat(m[0].length) + masked.slice(m.index + m[0].length);
    }
  }
  found.sort((a, b) => a.at - b.at);
  let level: TitleLevel | undefined;
  for (const f of found) {
    if (/(?:报|评|晋升|升|冲|考|认定|转|申请|参评|晋)$/.test(s.slice(Math.max(0, f.at - 3), f.at))) level = f.level;
  }
  level ??= found[found.length - 1]?.level;
  const mentionsTitle = found.length > 0 || /职称/.test(s);
  const flags = readFlags(s);
  let route: TitleRoute | undefined;
  if (mentionsTitle || flags.length > 0 || /转系列|转评|评审|申报/.test(s)) {
    if (/转系列|转换系列|转评|转换.{0,4}系列|跨系列|转换职称|转专业系列|换系列|转.{0,2}系列/.test(s))
      route = 'transfer';
    else if (
      /认定(?:为)?.{0,2}(?:初级|中级|副高|正高|高级|职称|助理)|(?:初级|中级|副高|正高|高级|职称)(?:的)?(?:认定|直接认定)|直接认定|考核认定/.test(
        s,
      )
    )
      route = 'recognition';
    else if (/博士/.test(s) && level === 'full_senior') route = 'doctor';
    else if (
      /申报|评审|评(?=.{0,3}(?:初级|中级|副高|正高|高级|职称))|报(?=.{0,3}(?:初级|中级|副高|正高|高级|职称))|晋升|参评|评职称/.test(
        s,
      )
    )
      route = 'review';
  }
  return { level, route, flags, mentionsTitle };
}

function readFlags(s: string): EligibilityFlag[] {
  const flags: EligibilityFlag[] = [];
  if (
    /双职称|第[二2]个(?:系列)?职称|第[二2]个系列|[两2]个职称|双系列|其他系列.{0,4}同级|同级的?其他系列|另一个系列.{0,4}同级/.test(
      s,
    )
  )
    flags.push('dual_title');
  if (/公务员.{0,8}(?:转任|交流|转到|调到|转为|转入|调入|转)|转任|从机关.{0,4}(?:转|调)/.test(s))
    flags.push('civil_servant_transfer');
  if (/驻村.{0,8}(?:满|1年|12个月|一年)|第[一1]书记.{0,6}满/.test(s)) flags.push('village_one_year');
  if (/高技能领军|领军人才|技术能手|技能大师|特殊津贴|中华技能大奖|绝招|绝技|绝活/.test(s)) flags.push('skill_leader');
  if (/疫情防控|抗疫|防疫/.test(s)) flags.push('epidemic');
  if (/会计(?:信息服务)?平台|新华会计|东奥|会计网|会计在线/.test(s)) flags.push('accounting_platform');
  return flags;
}

// ---------- hours by year, months on duty ----------

// "又学了15", "再修20学时", "另外完成了10个", "还学了专业20": hours on top of those told before
const ADDED_CUE =
  /(?<!要|(?<!公)需|得|应|该|须)(?:再|又|另外|另)[^\d]{0,6}?(?:学|修|完成|拿|攒|刷|听|上)|还[^\d差需要缺得剩]{0,4}?(?:学了|修了|完成了|拿了|攒了|学习了)/;
const DONE_VERB = /学(?!时)|修|完成|拿|攒|刷|有|够|满/;

/**
 * Every figure is told as more ("公需又学了15"); a plain figure beside one is a new total, nothing is summed.
 * Clauses with no verb of their own ("又学了公需8个 专业12个") go with the clause before them.
 */
function isAdded(s: string): boolean {
  let added = false;
  let figures = 0;
  for (const c of s.split(/[，,。；;！!？?\s]+/)) {
    if (ADDED_CUE.test(c)) added = true;
    else if (DONE_VERB.test(c)) added = false;
    if (/\d/.test(c)) {
      if (!added) return false;
      figures++;
    }
  }
  return figures > 0;
}

function readHoursBlock(s: string): YearHours | undefined {
  const h: YearHours = {};
  const pub =
    /公需(?:科目|课程|课)?(?:学时)?(?:(?!专业)[^\d,，。;；]){0,7}?(\d+(?:\.\d+)?)(?!\s*(?:[年月天篇]|个(?!学时|\s|$|[,，。;；!！?？]|专业|公需|还|了))|\d)/.exec(
      s,
    ) ?? /(\d+(?:\.\d+)?)\s*个?(?:学时的?公需|公需(?:科目|课程|课)?(?:的)?学时)/.exec(s);
  const pro =
    /专业(?!技术)(?:科目|课程|课)?(?:学时)?(?:(?!公需)[^\d,，。;；]){0,7}?(\d+(?:\.\d+)?)(?!\s*(?:[年月天篇]|个(?!学时|\s|$|[,，。;；!！?？]|专业|公需|还|了))|\d)/.exec(
      s,
    ) ?? /(\d+(?:\.\d+)?)\s*个?(?:学时的?专业|专业(?:科目|课程|课)?(?:的)?学时)/.exec(s);
  if (pub) h.public = Number(pub[1]);
  if (pro) h.professional = Number(pro[1]);
  const tot =
    /(?:总共|一共|合计|总计|总学时|累计|共计|总的)[^\d]{0,6}(\d+(?:\.\d+)?)(?=\s*个?学时|\s*$|[,，。\s])/.exec(s);
  if (tot) h.total = Number(tot[1]);
  else if (!pub && !pro) {
    const done =
      /(?:学了|完成了?|修了|修满|拿了|获得了?|攒了|有了?|学够|学满|已经?有?)\s*(\d+(?:\.\d+)?)\s*个?学时/.exec(s) ??
      /(?:再|又)(?:学|修|完成|刷)(?:了|习了?)?\s*(\d+(?:\.\d+)?)(?!\s*(?:[年月天篇门项次部本周]|个(?!学时)|\d|\.\d))/.exec(
        s,
      );
    if (done) h.total = Number(done[1]);
  }
  if (Object.keys(h).length === 0) return undefined;
  if (isAdded(s)) h.added = true;
  return h;
}

function readHoursByYear(s: string, years: YearMention[]): YearHours[] {
  const out: YearHours[] = [];
  const head = readHoursBlock(s.slice(0, years[0]?.start ?? s.length));
  // "公需25专业55 今年还差多少": one year named after the figures is their year
  const only = years.length > 0 && years.every((y) => y.year === years[0]!.year) ? years[0]!.year : undefined;
  if (head && only !== undefined && !readHoursBlock(s.slice(years[0]!.end))) return [{ year: only, ...head }];
  if (head) out.push(head);
  // years with no figures of their own share the next year's ("2023和2024年都是…"); "22年到24年" is a range
  let waiting: number[] = [];
  years.forEach((y, i) => {
    const next = years[i + 1];
    const chunk = s.slice(y.end, next?.start ?? s.length);
    // "2021年40学时 2022年50学时": a bare figure right after the year is that year's total
    const bare = /^\s*(?:年度?)?(?:是|有|学了|共)?\s*(\d+(?:\.\d+)?)\s*个?学时/.exec(chunk);
    const h = readHoursBlock(chunk) ?? (bare ? { total: Number(bare[1]) } : undefined);
    if (!h) {
      if (next && /^\s*(?:到|至|-|~|—)\s*$/.test(chunk)) {
        for (let v = y.year; v < next.year && next.year - y.year <= 10; v++) waiting.push(v);
      } else if (next && /^\s*(?:和|与|及|、|,|，)\s*$/.test(chunk)) waiting.push(y.year);
      else waiting = [];
      return;
    }
    for (const w of [...new Set(waiting)]) if (w !== y.year) out.push({ year: w, ...h });
    waiting = [];
    out.push({ year: y.year, ...h });
  });
  return out;
}

function readOnDuty(s: string): OnDuty | undefined {
  const d: OnDuty = {};
  const range = MONTH_RANGE.exec(s);
  const rangeMonths = readMonthRange(s);
  if (range) s = s.slice(0, range.index) + '□'.repeat(range[0].length) + s.slice(range.index + range[0].length);
  if (/产假|生孩子|生育|坐月子|生小孩|休产|哺乳/.test(s)) d.reason = 'maternity';
  else if (/病假|生病|住院|受伤|重病|养病|病休/.test(s)) d.reason = 'sick';
  else if (
    /公派|境外工作|国外工作|出国工作|派驻(?:国外|境外)|外派|驻外|在国外工作|在境外工作|(?:在|去|到)?(?:国外|境外|海外)(?:待了|呆了|工作了)?\s*\d+(?:\.\d+)?\s*个?月/.test(
      s,
    )
  )
    d.reason = 'abroad';
  const on =
    /(?:在岗|上班|上了|上岗|出勤)[^\d]{0,5}(\d+(?:\.\d+)?)\s*个?月/.exec(s) ?? /(\d+(?:\.\d+)?)\s*个?月的?班/.exec(s);
  if (on) d.monthsOnDuty = Number(on[1]);
  const away =
    /(?:产假|病假|休了?|请假|请了|境外|国外|出国|公派|外派|住院|离岗|驻外)[^\d]{0,5}(\d+(?:\.\d+)?)\s*个月/.exec(s) ??
    /(\d+(?:\.\d+)?)\s*个?月(?:的)?(?:产假|病假|假)/.exec(s);
  if (away && !(on && away.index + away[0].length === on.index + on[0].length)) d.monthsAway = Number(away[1]);
  if (d.monthsAway === undefined && rangeMonths !== undefined && d.reason && !on) d.monthsAway = rangeMonths;
  // "病假超过半年": more than six months, how many is not told
  const overHalf = /(?:超过|超出|多于|大于)(?:了)?半年|半年(?:以上|多)/.test(s);
  if (d.monthsAway === undefined && d.reason && /半年/.test(s) && !on && !overHalf) d.monthsAway = 6;
  if (!d.reason && d.monthsOnDuty === undefined) return undefined;
  // working abroad without a number of months is not a proration case, unless sent (公派) by the employer
  if (d.reason === 'abroad' && d.monthsAway === undefined && d.monthsOnDuty === undefined && !/公派|外派|派驻/.test(s))
    return undefined;
  // "公派出国培训20天": a stay counted in days is training abroad, not months away
  if (d.reason === 'abroad' && d.monthsAway === undefined && d.monthsOnDuty === undefined && /\d\s*天|半天/.test(s))
    return undefined;
  return d;
}

function readSubject(s: string): Slots['subject'] {
  const pub = /公需/.test(s);
  const pro = /专业(?!技术|技能|领域|相关|的学术|性)/.test(s.replace(/本专业|相关专业|所学专业/g, ''));
  if (pub && !pro) return 'public';
  if (pro && !pub) return 'professional';
  if (pub && pro) {
    // both asked for ("公需和专业分别要多少", "公需专业能认定多少"): no single subject
    if (
      /公需(?:科目|课程|课)?\s*(?:和|与|及|、|跟|加|还有|以及|\+|\/)?\s*专业|专业(?:科目|课程|课)?\s*(?:和|与|及|、|跟|加|还有|以及|\+|\/)?\s*公需|分别|各(?:要|需|是|多少|几)|(?:公需|专业)(?:科目|课程|课)?(?:的)?呢/.test(
        s,
      )
    )
      return undefined;
    // 公需学完了，专业还差多少 → the subject still asked about
    const m = /(公需|专业)[^,，。;；]{0,4}(?:还差|差|还要|还需|还缺|要多少|需要多少|没学|没修|没完成|还没)/.exec(s);
    if (m) return m[1] === '公需' ? 'public' : 'professional';
  }
  return undefined;
}

// ---------- bare answers ----------

const FOLLOW_PLACE_INTENTS = new Set(['contact', 'requirement', 'deadline', 'platform']);
const NUMERIC_SLOTS = new Set(['rank', 'count', 'days', 'hours', 'months', 'number', 'monthsOnDuty', 'monthsAway']);
const ACHIEVEMENT_NUMERIC = new Set(['rank', 'count', 'days', 'hours', 'months']);

function readBareNumber(s: string, slot: string): number | undefined {
  if (slot === 'days') return readDays(s) ?? firstNumber(s);
  if (slot === 'hours') return readHours(s) ?? firstNumber(s);
  if (slot === 'months' || slot === 'monthsOnDuty' || slot === 'monthsAway') return readMonths(s) ?? firstNumber(s);
  const r = /第\s*(\d+)|排(?:名|在)?第?\s*(\d+)/.exec(s);
  if (r) return Number(r[1] ?? r[2]);
  return firstNumber(s);
}

function firstNumber(s: string): number | undefined {
  const m = /(?<![\d.])(\d+(?:\.\d+)?)/.exec(s);
  return m ? Number(m[1]) : undefined;
}

const YES = /^(?:是|是的|对|对的|嗯|恩|有|有的|已经?|结了|结题了|完成了|已结题|已结项|好的|可以|没错|yes)/i;
const NO = /^(?:不是|否|没有|没|还没|未|不|no)/i;

// ---------- main ----------

function build(intent: Intent, slots: Slots, text: string, confidence: number): Command {
  const clean: Slots = {};
  for (const [k, v] of Object.entries(slots)) {
    if (v === undefined) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    (clean as Record<string, unknown>)[k] = v;
  }
  const raw: Record<string, unknown> = { intent, slots: clean, text: text.slice(0, 2000), confidence };
  // a figure out of the schema's range (第101名, 15个月在岗) is dropped, never thrown
  for (let i = 0; i < 20; i++) {
    const r = Command.safeParse(raw);
    if (r.success) return r.data;
    for (const issue of r.error.issues) dropPath(raw, issue.path as Array<string | number>);
  }
  return Command.parse({ intent, slots: {}, text: text.slice(0, 2000), confidence: Math.min(confidence, 0.4) });
}

function dropPath(obj: Record<string, unknown>, path: Array<string | number>): void {
  if (path.length === 0) return;
  let cur: unknown = obj;
  for (const key of path.slice(0, -1)) {
    if (cur === null || typeof cur !== 'object') return;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  if (cur === null || typeof cur !== 'object') return;
  const last = path[path.length - 1]!;
  if (Array.isArray(cur) && typeof last === 'number') cur.splice(last, 1);
  else delete (cur as Record<string | number, unknown>)[last];
}

/** Parses one message. Deterministic; `confidence` < 0.5 means the message could not be placed. */
export function parseRule(text: string, ctx: ParseContext, gazetteer: Gazetteer): Command {
  const norm = normalize(text);
  const bare = norm.replace(/[\s,，。.!！?？~、…]+/g, '');
  const awaiting = ctx.awaiting;

  if (!bare) return build('out_of_scope', {}, text, 0.2);

  // control intents
  if (HUMAN.test(bare)) return build('human', {}, text, 0.95);
  if (UNSUBSCRIBE.test(bare)) return build('unsubscribe', {}, text, 0.95);
  if (SUBSCRIBE.test(bare) && !/多少|能算|折算/.test(bare)) {
    const w = findWhere(norm, gazetteer, ctx.region).where;
    return build('subscribe', { where: w }, text, 0.9);
  }
  if (RESTART.test(bare)) return build('restart', {}, text, 0.95);
  if (CANCEL.test(bare)) return build('cancel', {}, text, 0.9);
  if (GREETING.test(bare)) return build('greeting', {}, text, 0.95);
  if (HELP.test(bare)) return build('help', {}, text, 0.9);

  // strip a greeting in front of a real question
  const body = norm.replace(/^(?:你好|您好|老师好|老师|请问|打扰一下|打扰了|在吗|hi|hello)[,，。!！\s]*/i, '') || norm;

  if (OUT_OF_SCOPE_RE.test(body) && !/学时|继续教育|折算|职称/.test(body)) {
    return build('out_of_scope', {}, text, 0.85);
  }

  // correction: re-read the corrected part as an answer to the question in flight
  let correction = false;
  let factText = body;
  const notBut = CORRECTION_NOT_BUT.exec(body.replace(/[,，。\s]/g, ''));
  if (CORRECTION.test(bare)) {
    correction = true;
    factText = body.replace(CORRECTION, '').replace(/^[,，。!！\s]*(?:是|应该是|应为)?/, '');
  } else if (notBut && !QUESTION.test(body)) {
    correction = true;
    factText = notBut[2]!;
  } else if (CORRECTION_SORRY.test(body) && !QUESTION.test(body)) {
    correction = true;
    factText = body.replace(CORRECTION_SORRY, '');
  } else if (CORRECTION_ACTUALLY.test(bare) && !QUESTION.test(body)) {
    correction = true;
    factText = body.replace(/^(?:我|本人)?其实(?:我)?/, '');
  }

  // facts
  const { where, masked } = findWhere(factText, gazetteer, ctx.region);
  const dig = digitize(masked);
  // "2019年的学时还能用吗": a year of hours being asked about, not the year of the question
  const allYears = findYears(dig, ctx.today);
  const years = allYears.filter(
    (y) =>
      !/^\s*(?:年度?)?的?(?:继续教育)?(?:学时|继续教育).{0,6}(?:还能用|能用|可以用|能不能用|算不算|算吗|还算|有效|认不认|认吗|管用|作数|过期)/.test(
        dig.slice(y.end),
      ),
  );
  const yearSet = [...new Set(years.map((y) => y.year))];
  const noYears = maskSpans(dig, allYears);
  const lastKinds = ctx.last?.kinds ?? [];
  const awaitedKind = awaiting?.kind ?? impliedKindOf(noYears, lastKinds);
  // "没交论文", "还报告了论文，五千字" right after a conference answer: the paper read at it
  const confContext =
    awaiting?.kind === 'conference' || (!awaiting && lastKinds.length === 1 && lastKinds[0] === 'conference');
  const explicit = extractAchievements(noYears, { conference: confContext });
  const named = explicit.length > 0;
  const implied = named
    ? explicit
    : extractAchievements(noYears, { impliedKind: awaitedKind, conference: confContext });
  // "先问下公需一年要多少学时" while a rank is awaited: a new question, not a subject for the awaited item
  const otherQuestion =
    [Q_CONTACT, Q_DEADLINE, Q_PLATFORM, Q_PLATFORM_WEAK, Q_POLICY_STRONG, Q_CLAUSE].some((re) => re.test(body)) ||
    (Q_REQUIRE.test(body) && !/抵|折算|认定|算|换|计/.test(body));
  const achievements =
    !named &&
    awaiting?.kind &&
    otherQuestion &&
    implied.every((a) => Object.keys(a).every((k) => k === 'kind' || k === 'subject'))
      ? []
      : implied;
  placeLevel(achievements, factText, where, gazetteer);
  // 安徽 names provincial departments' projects 省直厅局: a 厅局 project there is provincial
  if ((where?.region ?? ctx.region) === 'anhui')
    for (const a of achievements) if (a.kind === 'project' && a.level === 'department') a.level = 'provincial';
  // 职称评审 where the user serves as an expert is an activity, not their own application
  const expert = achievements.some((a) => a.kind === 'expert_service');
  const title = readTitle(expert ? dig.replace(/(?:职称)?评审|评委/g, (m) => '□'.repeat(m.length)) : dig);
  const hours = readHoursByYear(dig, years);
  const onDuty = readOnDuty(noYears);
  const subject = readSubject(noYears);
  const year = yearSet.length === 1 ? yearSet[0] : undefined;
  const isQuestion = QUESTION.test(body);
  const common: Slots = { where, year };
  // a clause of a notice asked about (no exemption named): searched, not converted
  const clauseAsked =
    title.flags.length === 0 &&
    (Q_CLAUSE.test(body) || (Q_CLAUSE_SOFT.test(body) && !/\d(?!\d*\s*年)/.test(noYears))) &&
    // "过渡期内评职称学时怎么算" is the title rule of the transition
    !(title.mentionsTitle && /过渡期/.test(body));

  if (correction) {
    const lastKind = ctx.last?.kinds.length === 1 ? (ctx.last.kinds[0] as ActivityKind) : undefined;
    // "不对，是C级" after a language exam answer: the corrected fact belongs to the last question's item
    const lastAttrs = achievements.length === 0 && !awaiting && lastKind ? readAttrs(noYears, lastKind) : {};
    const items = Object.keys(lastAttrs).length > 0 ? [{ kind: lastKind!, ...lastAttrs } as Achievement] : achievements;
    const slots: Slots = {
      ...common,
      achievements: items,
      subject: hours.length ? undefined : subject,
      level: title.level,
    };
    const num =
      !named && Object.keys(lastAttrs).length === 0 && hours.length === 0
        ? bareNumber(noYears, awaiting?.slot)
        : undefined;
    if (num !== undefined) slots.number = num;
    if (hours.length) slots.hours = hours;
    if (onDuty && achievements.length === 0) slots.onDuty = onDuty;
    if (
      num !== undefined &&
      awaiting?.kind &&
      achievements.length === 0 &&
      awaiting.slot &&
      NUMERIC_SLOTS.has(awaiting.slot)
    )
      slots.achievements = [{ kind: awaiting.kind as ActivityKind, [awaiting.slot]: num } as Achievement];
    const hasFacts = Object.values(slots).some((v) => v !== undefined);
    return build('correction', slots, text, hasFacts ? 0.85 : 0.6);
  }

  // "能换学时不" while a detail is awaited: the same question asked again, not a new one
  if (
    awaiting &&
    Q_CONVERT.test(body) &&
    bare.length <= 12 &&
    !where &&
    achievements.length === 0 &&
    hours.length === 0 &&
    year === undefined &&
    !subject &&
    !onDuty &&
    !title.mentionsTitle
  )
    return build('inform', {}, text, 0.5);

  // an answer to the question just asked
  const newTopic = [Q_CONTACT, Q_DEADLINE, Q_PLATFORM, Q_POLICY_STRONG, Q_REQUIRE, Q_PROGRESS].some((re) =>
    re.test(body),
  );
  if (awaiting && !isQuestion && !newTopic) {
    const answer = bareAnswer(
      noYears,
      dig,
      awaiting,
      named ? achievements : [],
      title,
      where,
      year,
      hours,
      onDuty,
      subject,
    );
    if (answer) return build('inform', answer, text, 0.85);
  }

  // a follow-up that only swaps one fact of the last question ("那3篇呢", "那实用新型呢", "如果排第五呢", "那明年呢")
  if (FOLLOW_UP.test(body) && !FOLLOW_UP_ASKS.test(body.replace(/呢[？?。!！\s]*$/, '')) && bare.length <= 20) {
    // "那省级的呢", "那要是第一作者呢": the kind is the last question's
    const lastKind = ctx.last?.kinds.length === 1 ? (ctx.last.kinds[0] as ActivityKind) : undefined;
    const lastAttrs = achievements.length === 0 && lastKind ? readAttrs(noYears, lastKind) : {};
    // "要是报告了一篇1500字的论文呢" after a conference: the paper read at it
    const confPaper =
      lastKind === 'conference' &&
      achievements.length === 1 &&
      achievements[0]!.kind === 'paper' &&
      /报告|宣读|交流|提交/.test(noYears);
    const items = confPaper
      ? [{ kind: 'conference' as const, ...readAttrs(noYears, 'conference') }]
      : achievements.length > 0
        ? achievements
        : lastKind && Object.keys(lastAttrs).length > 0
          ? [{ kind: lastKind, ...lastAttrs }]
          : !AUTHOR_WORD.test(noYears)
            ? achievements
            : extractAchievements(noYears, { impliedKind: 'paper' });
    const facts: Slots = { ...common, achievements: items, subject, level: title.level, hours, onDuty };
    if (items.length === 0 && hours.length === 0 && !onDuty) facts.number = bareNumber(noYears, undefined);
    // "换成青海，行业标准排第9" after a question of another kind: a conversion of its own
    const ownItem = named && !confPaper && ctx.last !== undefined && ctx.last.intent !== 'convert';
    if (Object.values(facts).some((v) => v !== undefined && !(Array.isArray(v) && v.length === 0)))
      return build(ownItem ? 'convert' : 'inform', facts, text, 0.8);
  }

  // policy and question types
  const exclusion = /岗前培训|入职培训|考前(?:辅导|培训)|法宣在线|新进人员/.test(body);
  if (Q_CONTACT.test(body) && !/学时证明/.test(body) && !Q_PROCEDURE_WHO.test(body))
    return build('contact', { ...common }, text, 0.9);
  // "线下在哪培训": where to study, not a training to convert (offline study is a clause, not a website)
  if (/线下.{0,4}(?:在哪|去哪|哪里|哪儿)|在哪(?:里|儿)?(?:培训|上课|面授)/.test(body) && !readDays(noYears))
    return build(/线下|面授/.test(body) ? 'policy_question' : 'platform', { ...common, subject }, text, 0.85);
  if (
    (Q_DEADLINE.test(body) || (Q_DATE.test(dig) && isQuestion && !onDuty && achievements.length === 0)) &&
    !/结束后|结束了|什么时候的学时|哪一?年的学时/.test(body) &&
    !Q_POLICY_STRONG.test(body) &&
    // "培训备案截止时间" still asks a date
    !(clauseAsked && !/备案|推送|审验|申请|提交|公示/.test(body))
  )
    return build('deadline', { ...common, subject }, text, 0.9);
  // "公需课线上学习最多能拿多少": a cap on a route of study, not an item to convert
  const routeOnly = achievements.every(
    (a) =>
      (a.kind === 'online_course' || a.kind === 'training') &&
      Object.keys(a).every((k) => k === 'kind' || k === 'subject'),
  );
  if (Q_LIMIT.test(body) && routeOnly && hours.length === 0) {
    return build('policy_question', { ...common, subject }, text, 0.8);
  }
  const platformStill = /(?:平台|网站|系统).{0,4}(?:还能用|能用吗|还有效|停用|作废|还能学|现在还能)/.test(body);
  if (
    (Q_PLATFORM.test(body) || (Q_PLATFORM_WEAK.test(body) && achievements.length === 0)) &&
    title.flags.length === 0 &&
    !platformStill &&
    !clauseAsked &&
    !(Q_PROCEDURE_WHO.test(body) && !Q_PLATFORM.test(body))
  )
    return build('platform', { ...common, subject }, text, 0.9);
  // "折算的学时算公需还是专业": which subject hours count under, asked without an item
  const subjectChoice =
    (achievements.length === 0 || !/\d/.test(noYears)) &&
    /公需(?:科目|课)?还是专业|专业(?:科目|课)?还是公需|算(?:作)?公需吗|算(?:作)?专业吗|当(?:作)?(?:公需|专业)(?:课|科目)?用/.test(
      body,
    );
  if (exclusion || subjectChoice || clauseAsked || Q_POLICY_STRONG.test(body) || Q_PROCEDURE_WHO.test(body)) {
    return build(
      'policy_question',
      { ...common, subject, level: title.level, route: title.level ? title.route : undefined, achievements },
      text,
      0.85,
    );
  }

  // eligibility flags name the activity as an exemption, not a conversion
  // "去年评了中级…实用新型排第四，能折算多少学时": the question clause asks for a conversion
  const askClause =
    body
      .split(/[,，。;；!！?？]/)
      .filter((c) => c.trim())
      .pop() ?? body;
  const convertAsked =
    achievements.length > 0 && title.flags.length === 0 && Q_CONVERT.test(askClause) && !Q_ELIG.test(askClause);
  const eligibilityAsked =
    !convertAsked &&
    (((title.level !== undefined || title.route !== undefined || title.flags.length > 0 || title.mentionsTitle) &&
      (Q_ELIG.test(body) ||
        hours.length > 0 ||
        title.route !== undefined ||
        (isQuestion && title.flags.some((f) => TITLE_ONLY_FLAGS.has(f)))) &&
      !isProfileStatement(body, isQuestion, hours, title)) ||
      (Q_ELIG_YEARS.test(body) && achievements.length === 0));
  if (onDuty && !eligibilityAsked && !(achievements.length > 0 && !onDuty.reason)) {
    return build('progress', { ...common, onDuty, hours, subject: hours.length ? undefined : subject }, text, 0.9);
  }
  if (eligibilityAsked) {
    return build(
      'eligibility',
      {
        ...common,
        level: title.level,
        route: title.route,
        flags: title.flags.length ? title.flags : undefined,
        hours,
      },
      text,
      0.9,
    );
  }
  const checksFigure = /是吗|对吗|是不是|对不对/.test(body) && !/学了|完成|修了|已经|有了|拿了/.test(body);
  if (hours.length > 0 && checksFigure && !Q_PROGRESS.test(body)) {
    return build('requirement', { ...common, subject }, text, 0.7);
  }
  if (hours.length > 0 && (Q_PROGRESS.test(body) || isQuestion) && achievements.length === 0) {
    return build('progress', { ...common, hours }, text, 0.9);
  }
  if (Q_PROGRESS.test(body) && achievements.length === 0) {
    return build('progress', { ...common, hours, subject }, text, /学时|公需|专业|继续教育/.test(body) ? 0.8 : 0.7);
  }
  if (achievements.length > 0) {
    if (awaiting && !isQuestion) return build('inform', { ...common, achievements }, text, 0.8);
    return build('convert', { ...common, achievements }, text, isQuestion || Q_CONVERT.test(body) ? 0.9 : 0.75);
  }
  // "还有两部是其他作者 一共多少" right after a book answer: more of the same kind, told by its details only
  const lastKind = ctx.last?.kinds.length === 1 ? (ctx.last.kinds[0] as ActivityKind) : undefined;
  if (
    lastKind &&
    ctx.last?.intent === 'convert' &&
    /^(?:我)?(?:另外|还有|还(?!是)|再|加上)|一共|总共|加起来|合计/.test(body)
  ) {
    const attrs = readAttrs(noYears, lastKind);
    if (Object.keys(attrs).length > 0) {
      return build('convert', { ...common, achievements: [{ kind: lastKind, ...attrs }] }, text, 0.8);
    }
  }
  if (Q_POLICY.test(body) && DOMAIN_RE.test(body) && !Q_REQUIRE.test(body) && !Q_FIGURE_CHECK.test(body)) {
    return build('policy_question', { ...common, subject, level: title.level }, text, 0.7);
  }
  if (Q_REQUIRE.test(body) || Q_FIGURE_CHECK.test(body) || (isQuestion && /学时/.test(body) && /多少|几/.test(body))) {
    return build('requirement', { ...common, subject }, text, 0.9);
  }
  if (hours.length > 0) return build('progress', { ...common, hours }, text, 0.7);
  if (title.level !== undefined || title.mentionsTitle) {
    if (!isQuestion) return build('set_profile', { ...common, level: title.level, route: title.route }, text, 0.8);
    return build('eligibility', { ...common, level: title.level, route: title.route }, text, 0.6);
  }
  const rest = noYears.replace(/[□\s,，。.!！?？~、…]/g, '');
  // "汶上县", "我在青海格尔木" right after a phone / requirement / deadline answer: the same question there
  if (
    where &&
    !awaiting &&
    ctx.last &&
    FOLLOW_PLACE_INTENTS.has(ctx.last.intent) &&
    /^(?:我|我们|本人)?(?:在|是|属于)?(?:县|市|区|州|省)?(?:的|呢|哈|啊|呀|哦|这边|那边|这块|那块|单位)*(?:(?:又|要|需要)?是?(?:多少|几个?)(?:学时)?(?:呢|啊|呀)?)?$/.test(
      rest,
    )
  )
    return build('inform', { ...common }, text, 0.75);
  // "2019年的", "2023" right after a requirement or deadline answer: the same question for that year
  if (
    year !== undefined &&
    !where &&
    !awaiting &&
    ctx.last &&
    FOLLOW_PLACE_INTENTS.has(ctx.last.intent) &&
    /^(?:那|那么|如果|要是)?(?:年|年度)?(?:的|呢|哈|啊|呀|哦)*$/.test(rest)
  )
    return build('inform', { ...common }, text, 0.75);
  // "青海 2023 专业", "济宁 公需": a terse query naming a subject asks its requirement
  if (
    subject &&
    !isQuestion &&
    !awaiting &&
    achievements.length === 0 &&
    hours.length === 0 &&
    !onDuty &&
    !title.mentionsTitle &&
    /^(?:公需|专业)(?:科目|课程|课|学时)*(?:的)?$/.test(rest)
  )
    return build('requirement', { ...common, subject }, text, 0.8);
  if (where && !isQuestion) return build('set_profile', { ...common }, text, 0.8);
  // a follow-up that only changes one fact of the last question ("那青海呢", "如果排第五呢", "那2023年呢")
  const number = bareNumber(noYears, undefined);
  if (FOLLOW_UP.test(body) || (number !== undefined && /第|排/.test(noYears))) {
    const facts: Slots = { ...common, subject, level: title.level, number: /第|排/.test(noYears) ? number : undefined };
    if (Object.values(facts).some((v) => v !== undefined)) return build('inform', facts, text, 0.7);
  }
  if (Q_POLICY.test(body) && DOMAIN_RE.test(body)) {
    return build('policy_question', { ...common, subject }, text, 0.6);
  }
  // "过了3门", "大概3000字" right after an answer about one kind: a fact of that kind
  if (lastKind && !where && bare.length <= 16) {
    const attrs = readAttrs(noYears, lastKind);
    if (Object.keys(attrs).length > 0)
      return build('inform', { ...common, achievements: [{ kind: lastKind, ...attrs }] }, text, 0.7);
  }
  if (DOMAIN_RE.test(body) || where) {
    return build('policy_question', { ...common, subject }, text, 0.4);
  }
  // "2023年的是多少" right after an answer: the same question for that year
  if (ctx.last && year !== undefined && bare.length <= 12) return build('inform', { ...common }, text, 0.6);
  return build('out_of_scope', {}, text, 0.3);
}

const LEVELED = new Set<ActivityKind>([
  'competition',
  'project',
  'training',
  'conference',
  'lecture',
  'referee',
  'award',
]);

/** "西宁市举办的技能大赛": a city or county named as the organiser gives the item its level. */
function placeLevel(items: Achievement[], text: string, where: Slots['where'], g: Gazetteer): void {
  if (!where?.place || !items.some((a) => LEVELED.has(a.kind) && a.level === undefined)) return;
  const place = g.regions.flatMap((r) => r.places).find((p) => p.id === where.place);
  if (!place) return;
  const names = [place.name, ...place.aliases]
    .sort((a, b) => b.length - a.length)
    .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(
    `(?:${names.join('|')})(?:市|州|县|区)?(?:人社局|人社部门|人力资源和社会保障局|教育局|卫健委|科技局|总工会)?(?:举办|组织|主办|办|立项)`,
  );
  if (!re.test(text)) return;
  const level =
    place.kind === 'city' ? 'city' : place.kind === 'county' || place.kind === 'district' ? 'county' : undefined;
  if (!level) return;
  for (const a of items) if (LEVELED.has(a.kind) && a.level === undefined) a.level = level;
}

function isProfileStatement(body: string, isQuestion: boolean, hours: YearHours[], title: TitleInfo): boolean {
  if (isQuestion || hours.length > 0 || title.flags.length > 0) return false;
  // "明年评中级 学时要求": asks about hours, not a statement about oneself
  if (/学时|继续教育|要求|几年|条件/.test(body)) return false;
  if (title.route && title.route !== 'review') return false;
  return PROFILE_STATEMENT.test(body.replace(/[,，。!！\s]/g, '')) && body.length <= 16;
}

function bareNumber(s: string, slot: string | undefined): number | undefined {
  if (!/\d|半/.test(s)) return undefined;
  return readBareNumber(s, slot ?? 'number');
}

/** Reads a reply that only answers the awaited slot ("第二", "发明的", "青海"); undefined when it says nothing. */
function bareAnswer(
  s: string,
  dig: string,
  awaiting: NonNullable<ParseContext['awaiting']>,
  achievements: Achievement[],
  title: TitleInfo,
  where: Slots['where'],
  year: number | undefined,
  hours: YearHours[],
  onDuty: OnDuty | undefined,
  subject: Slots['subject'],
): Slots | undefined {
  const slots: Slots = { where, year };
  const slot = awaiting.slot;
  const kind = awaiting.kind as ActivityKind | undefined;
  if (achievements.length > 0) slots.achievements = achievements;
  if (NUMERIC_SLOTS.has(slot) && achievements.length === 0 && !(slot === 'hours' && !kind && hours.length > 0)) {
    // "在国外9个月 在岗3个月" for the months on duty: the figure told for that slot, not the first one
    const told = slot === 'monthsOnDuty' || slot === 'monthsAway' ? onDuty?.[slot] : undefined;
    const n = told ?? bareNumber(s, slot);
    if (n !== undefined) {
      slots.number = n;
      if (kind && ACHIEVEMENT_NUMERIC.has(slot)) slots.achievements = [{ kind, [slot]: n } as Achievement];
    }
  }
  // "两篇" for the count of papers: the classifier names the kind, the figure is still the answer
  if (kind && slot === 'count' && slots.number === undefined && achievements.length === 1) {
    const v = (achievements[0] as Record<string, unknown>)[slot];
    if (achievements[0]!.kind === kind && typeof v === 'number') slots.number = v;
  }
  if (kind && !slots.achievements && !NUMERIC_SLOTS.has(slot)) {
    const probe = s.replace(/^我是/, '');
    if (slot === 'completed' || slot === 'abroad') {
      const a = readAttrs(probe, kind);
      if (a[slot] !== undefined) slots.achievements = [{ kind, ...a }];
      else if (YES.test(probe)) slots.achievements = [{ kind, [slot]: true } as Achievement];
      else if (NO.test(probe)) slots.achievements = [{ kind, [slot]: false } as Achievement];
    } else {
      const a = readAttrs(probe, kind);
      if (Object.keys(a).length > 0) slots.achievements = [{ kind, ...a }];
    }
  }
  if (slot === 'level' && !kind && title.level) slots.level = title.level;
  else if (title.level && !kind) slots.level = title.level;
  if (title.route && !kind) slots.route = title.route;
  if (hours.length) slots.hours = hours;
  if (onDuty) slots.onDuty = onDuty;
  if (subject && !hours.length && !slots.achievements?.some((a) => a.subject)) slots.subject = subject;
  if (slot === 'year' && year === undefined) {
    const n = firstNumber(dig);
    if (n !== undefined && n >= 1990 && n <= 2100) slots.year = n;
  }
  const has = Object.values(slots).some((v) => v !== undefined);
  return has ? slots : undefined;
}
