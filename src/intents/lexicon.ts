// Word lists of the rule parser: how technicians name activities, levels, prizes, titles. Categories only, no figures.
import type { AchievementSlot, ActivityKind } from '../domain/vocab';

type Level =
  | 'national'
  | 'ministerial'
  | 'national_industry'
  | 'provincial'
  | 'provincial_joint'
  | 'provincial_industry'
  | 'industry'
  | 'department'
  | 'city'
  | 'county'
  | 'unit'
  | 'other';

/** Words that name an activity excluded by the notices; masked so they never read as a training. */
export const EXCLUDED_ACTIVITY =
  /(?:事业单位)?(?:新进人员|新入职|新招聘)?(?:岗前培训|入职培训)|考前(?:辅导|培训|冲刺)|法宣在线|新进人员/g;

/** Activity patterns, most specific first; a match is masked so later, more generic patterns do not see it. */
export const KIND_PATTERNS: Array<{ kind: ActivityKind; re: RegExp }> = [
  { kind: 'translation', re: /(?:两会|"两会")?(?:少语|少数民族语言?|民族语言)翻译|两会.{0,4}翻译/g },
  { kind: 'software_copyright', re: /软件著作权|软著|软件版权|计算机软件(?:著作)?登记/g },
  { kind: 'quality_online_course', re: /优质(?:在线)?公需课/g },
  { kind: 'national_study', re: /国情研修(?:班)?/g },
  { kind: 'party_school', re: /党校|行政学院|社会主义学院/g },
  {
    kind: 'foreign_language_exam',
    re: /职称外语|职称英语|职称日语|职称俄语|外语(?:等级)?考试|全国专业技术人员职称外语|外语成绩|外语\s*[ABC](?![a-zA-Z])(?:级|类)?|(?<![a-zA-Z])[ABC]\s*级(?:合格|通过|过了)/g,
  },
  {
    kind: 'computer_exam',
    re: /计算机(?:应用)?(?:能力)?(?:水平)?考试|职称计算机|计算机(?:应用)?(?:能力)?.{0,5}模块|考(?:了|过|完)?计算机|(?:考|通过|考过|过)了?\s*\d+\s*个?模块|(?<![\d.])\d+\s*个?模块/g,
  },
  { kind: 'self_study_exam', re: /自学考试|自考/g },
  { kind: 'exam_setting', re: /命题|出题|出卷/g },
  {
    kind: 'qualification_exam',
    re: /(?:职业|执业)资格(?:考试|证书|证)?|资格考试|注册类考试|国际注册|专业技术资格(?:考试)?|职业水平(?:考试|评价)|资格证(?:书)?|(?:一建|二建|一级建造师|二级建造师|注册会计师|注会|CPA|造价师|监理工程师|执业医师|执业药师|教师资格)|注册[\u4e00-\u9fa5]{0,6}?(?:工程师|建筑师|会计师|税务师|规划师|评估师|测绘师|咨询师|造价师|营养师|验船师)|(?:一级|二级|中级|初级)?(?:建造师|造价工程师|消防工程师|安全工程师|咨询工程师|环评工程师|税务师|资产评估师|执业护士|执业兽医)|(?:考|通过|拿到|取得)(?:过|下|上|完|取|出)?(?:了)?.{0,2}(?:初级|中级|高级)?(?:会计师?|经济师|统计师|审计师|社会工作师|会计职称|会计资格)/gi,
  },
  { kind: 'referee', re: /裁判|执裁/g },
  { kind: 'tech_document', re: /技术文件/g },
  { kind: 'village', re: /驻村|第[一1]书记|驻村工作队|工作队队员/g },
  { kind: 'epidemic', re: /疫情防控|抗疫|新冠|防疫/g },
  {
    kind: 'aid',
    re: /援派|援藏|援疆|援青|援外|援建|对口支援|支教|支农|支医|扶贫|乡村振兴|定点帮扶|三区人才|援助/g,
  },
  {
    kind: 'expert_service',
    re: /专家服务基层|受邀.{0,8}(?:专家|评委)|(?:受邀|应邀|被邀请|邀请我?)(?:去|来)?(?:参加|参与|担任|做|当)?了?.{0,4}(?:职称评审|评审|阅卷|评价)|(?:当|做|担任|作为|请去当|去当)了?.{0,6}(?:评审专家|专家|评委)|阅卷|评审专家|评委|职业技能等级评价|人才项目评审|专家服务/g,
  },
  {
    kind: 'skill_certificate',
    re: /首席技师|特级技师|高级技师|(?<!特级|高级|首席)技师|高级工(?!程)|技能等级证书?|职业技能等级/g,
  },
  { kind: 'mentoring', re: /带教|帮扶导师|技术帮扶|技术指导|传帮带|带徒/g },
  // attending a talk (听了/参加 学术报告、讲座) is a conference, giving one is a lecture
  {
    kind: 'conference',
    re: /(?:听了?|去听|旁听|参加了?|参与了?|出席了?)(?:了)?(?:\d*[次场个堂])?(?:.{0,4}的)?(?:学术|专题)?(?:报告会?|讲座)/g,
  },
  {
    kind: 'lecture',
    re: /授课|讲课|主讲|讲授|(?:授课|报告|讲座)人|报告了?\d+(?:\.\d+)?个?半?(?:小时|钟头)|(?:做|作)了?(?:\d*[次场个])?(?:学术|专题)?报告|(?<!工)(?:做|作)了?\d+(?:\.\d+)?个?半?(?:小时|钟头)的?(?:学术|专题)?(?:报告|讲座)|学术报告|(?:开|做|作|办|讲)(?:了)?(?:\d*[次场个堂])?(?:学术|专题)?讲座|(?:应邀|受邀)(?!参加|去听|听).{0,6}讲座|(?:讲座|培训班)(?:的)?(?:主讲|授课|老师)|当(?:了)?(?:讲师|老师)|(?:给|为)[^,，。]{0,10}上(?:了)?(?:\d+[次节堂])?课|讲了.{0,4}(?:课|小时)|给.{0,8}讲课|讲座(?:我)?(?:讲|开|做|主讲)了/g,
  },
  { kind: 'report', re: /(?:调研|咨询|专题)报告|报告.{0,6}批示|批示/g },
  {
    kind: 'award',
    re: /科(?:学)?技(?:术)?进步奖|自然科学奖|技术发明奖|社科(?:优秀成果)?奖|哲学社会科学.{0,4}奖|成果奖|科技奖|获奖人|科技进步/g,
  },
  {
    kind: 'competition',
    re: /技能大赛|技能竞赛|技术比武|职业能力大赛|教师能力大赛|竞赛|大赛|比赛|比武|技能大奖/g,
  },
  { kind: 'patent', re: /专利|发明人|实用新型|外观设计/g },
  {
    kind: 'standard',
    re: /^(?:制定|参与|参编)?标准(?=$|的)|(?:国家|行业|省级|省|地方|团体|企业)标准|国标|省标|(?<!执)行标|起草人|(?:制定|起草|编制|参编|主编|参与|参加)(?:了)?.{0,6}标准|标准(?=.{0,6}(?:发布|实施|起草|制定|排|第))|(?<!折算|认定|什么|学时|计算|收费|评价|评审|考核|执行|要求|这个|那个|哪个|统一|按)标准(?![是化])/g,
  },
  {
    kind: 'book',
    re: /学术著作|专业著作|著作|专著|译著|编著|(?:出|写|编|著|合写|合著|合编|主编)(?:了|版)?(?:了)?.{0,2}(?:一|\d)?(?:本|部)书(?!记|法|店|包|签|面|信|院)|(?:\d|几)(?:本|部)(?:专业|学术|技术|业务)?书(?:籍)?(?!记|法|店|包|签|面|信|院)|出书|(?:出版|主编)(?:了)?.{0,6}(?:书|教材)|(?<![读看买借])书(?=是?(?:合著|合写|合编|独著|独立|自己|我一个人|我自己))|教材/g,
  },
  {
    kind: 'paper',
    re: /会议论文|论文|文章|期刊|(?<![a-zA-Z])(?:SCI|SSCI|CSSCI|EI|ISTP|ISSHP)(?![a-zA-Z])|核心期刊|发(?:了|表)?.{0,3}(?:一|\d)篇|(?<![\d.])\d+\s*篇(?!.{0,4}(?:报告|调研|咨询|译文|材料|课件|心得|总结|□))/gi,
  },
  { kind: 'project', re: /课题|科研项目|研究项目|(?<!人才|国培|省培|培训)项目(?!评审|培训|技术指导)/g },
  { kind: 'research_result', re: /科研成果|创新成果|技术成果|研究成果|成果/g },
  {
    kind: 'conference',
    re: /学术会议|学术会(?!议)|学术交流|学术讲座|学术活动|研讨会|年会|论坛|交流会|访问学者|学术访问|(?<!两)会议(?!论文)|讲座|学术沙龙/g,
  },
  {
    kind: 'degree',
    re: /学历|学位|第二学历|(?:取得|获得|拿到|考上|读了?|攻读|在职)(?:了)?.{0,2}(?:本科|硕士|研究生|博士|专升本)|(?:本科|硕士|研究生|博士|专升本)(?:毕业|学历|文凭)|毕业证|专升本/g,
  },
  {
    kind: 'online_course',
    re: /网络课程|网课|网络课件|在线课程|线上课程|远程教育|网络学习|网络培训|线上培训|课件/g,
  },
  {
    kind: 'training',
    re: /培训|进修|研修(?:班)?|国培|省培|学习班|轮训|集训|访学|继续教育基地.{0,4}(?:课程|学习)/g,
  },
];

/** Within one clause, a kind on the left absorbs the kinds on the right (党校脱产培训 is party_school). */
export const SUPPRESSES: Partial<Record<ActivityKind, ActivityKind[]>> = {
  party_school: ['training'],
  national_study: ['training'],
  translation: ['conference'],
  lecture: ['conference', 'training', 'online_course', 'report'],
  referee: ['competition'],
  tech_document: ['competition'],
  quality_online_course: ['online_course', 'lecture'],
  exam_setting: ['qualification_exam', 'self_study_exam', 'computer_exam', 'foreign_language_exam'],
  skill_certificate: ['qualification_exam', 'competition'],
  award: ['project', 'research_result', 'competition', 'patent'],
  patent: ['research_result'],
  project: ['research_result'],
  standard: ['research_result'],
  aid: ['mentoring', 'training'],
  village: ['aid'],
  report: ['research_result'],
  expert_service: ['conference', 'training'],
  software_copyright: ['book', 'patent'],
  self_study_exam: ['degree'],
  competition: ['research_result'],
  foreign_language_exam: ['qualification_exam'],
  computer_exam: ['qualification_exam'],
  book: ['paper'],
};

/** The slots that make sense for each kind; others found in its clause are dropped. */
const COMMON: AchievementSlot[] = ['subject'];
export const ALLOWED_SLOTS: Record<ActivityKind, AchievementSlot[]> = {
  conference: ['count', 'days', 'hours', 'level', 'paper', 'abroad', ...COMMON],
  degree: COMMON,
  online_course: ['hours', 'count', ...COMMON],
  training: ['days', 'hours', 'level', 'abroad', 'count', ...COMMON],
  mentoring: ['days', 'hours', ...COMMON],
  qualification_exam: ['count', ...COMMON],
  project: ['level', 'role', 'completed', 'rank', 'count', ...COMMON],
  award: ['level', 'prize', 'rank', 'count', ...COMMON],
  patent: ['patentType', 'rank', 'count', ...COMMON],
  standard: ['level', 'rank', 'count', ...COMMON],
  report: ['level', 'rank', 'count', ...COMMON],
  epidemic: ['months', ...COMMON],
  paper: ['authorship', 'indexing', 'rank', 'count', ...COMMON],
  book: ['authorship', 'rank', 'count', ...COMMON],
  lecture: ['hours', 'level', 'count', ...COMMON],
  exam_setting: ['level', 'count', ...COMMON],
  competition: ['level', 'prize', 'count', ...COMMON],
  village: ['months'],
  skill_certificate: ['certificate', 'count', ...COMMON],
  referee: ['days', 'level', ...COMMON],
  tech_document: ['level', 'count', ...COMMON],
  national_study: ['days', 'hours', ...COMMON],
  party_school: ['days', 'hours', ...COMMON],
  translation: ['days', ...COMMON],
  software_copyright: ['count', ...COMMON],
  aid: ['months', 'days', ...COMMON],
  foreign_language_exam: ['langGrade', ...COMMON],
  computer_exam: ['count', ...COMMON],
  self_study_exam: ['count', ...COMMON],
  research_result: ['count', 'level', 'prize', ...COMMON],
  expert_service: ['days', 'hours', 'count', ...COMMON],
  quality_online_course: ['hours', ...COMMON],
};

/** Level words, most specific first. Kind-specific readings (行业标准) are in LEVEL_BY_KIND. */
export const LEVEL_PATTERNS: Array<[RegExp, Level]> = [
  [/全国单一行业|国家单一行业/, 'national_industry'],
  [/省级?人社(?:部门|厅)?(?:会同|(?:和|与|跟|联合)(?:有关)?行业)|会同行业/, 'provincial_joint'],
  [/省级?单一行业|省级行业部门/, 'provincial_industry'],
  [/省委省政府组成部门|省委、省政府组成部门|组成部门|直属机构/, 'department'],
  [/省部级|省、部级|省直厅局|省直|省厅/, 'provincial'],
  [/国家部委|部委|部级/, 'ministerial'],
  [/国家级|国家标准|国标|国家科|国家技术发明|国家(?:重点|自然|社科)|全国(?!单一)|国家(?:项目|课题|奖)/, 'national'],
  [
    /省级|省里|省内|全省|省标|省[^\s,，。□]{0,3}(?:委|厅|局|办)(?!.{0,2}批示)|地方标准|省委|省政府|省领导|省(?:科技|科学|自然科学|技术发明|哲学|社科|职业|技能|技工|人社|人事|考试|教育|卫健|卫生|财政|住建|交通|水利|农业|课题|标准|项目|学术)|省长|副省长/,
    'provincial',
  ],
  [
    /设区的市|市级|市[^\s,，。□]{0,3}(?:委|局|办)(?=举办|组织|主办)|市州|州市|厅局级|厅局|市厅级|地市级|市里|州里|州上|市上|市直|市委|市政府|市领导|州委|全市|市(?:科技|自然科学|技术发明|人社|人事|教育|卫健|卫生|课题|项目|技能)|市的?(?:课题|项目|职业技能|技能|比赛|大赛|竞赛)|市长|副市长/,
    'city',
  ],
  [/县级|县区级|区县级|县里|县上|区级|全县|县(?:科技|人社|教育|卫健|课题|项目|技能)|县长|副县长/, 'county'],
  [/单位(?:组织|举办|内部|内)?的?(?:培训|研修|进修|学习)|本单位|所在单位|单位培训|行业系统/, 'unit'],
];

/** Level words that only mean a level for some kinds. */
export const LEVEL_BY_KIND: Partial<Record<ActivityKind, Array<[RegExp, Level]>>> = {
  // 省委、省政府 leaders are provincial; a provincial commission or bureau (省发改委, 省财政厅) is a 组成部门
  report: [
    [/省委|省政府|省领导|省长|省级领导/, 'provincial'],
    [/省(?!委|政府|领导|长|级)[^\s,，。□]{1,5}(?:委员会|委|厅|局)/, 'department'],
  ],
  // 厅局级 projects: 青海 lists them with 市州; 安徽 says 省直厅局 (the parser maps that by region)
  project: [
    [/省直厅局|省直|省厅/, 'provincial'],
    [/(?<![市县])(?:厅局|厅级|局级)/, 'department'],
  ],
  standard: [
    [/国家标准|国标|国家级/, 'national'],
    [/行业标准|行标|行业级|^行业的?$|行业的$/, 'industry'],
    [/省级标准|地方标准|省标|省级|地标|省地方/, 'provincial'],
  ],
};

/** Level words read only when no general level word is found (单位的课题 is a unit project, 经单位批准 is not a level). */
export const LEVEL_FALLBACK_BY_KIND: Partial<Record<ActivityKind, Array<[RegExp, Level]>>> = {
  project: [
    [/其他课题|其它课题|其他项目|其它项目|其他级别|其他类|^(?:其他|其它)(?:的|级|级别)?$/, 'other'],
    [
      /单位|院级|校级|厂级|公司级|企业级|院内|校内|所级|院里|(?:学校|医院|公司|企业|厂里|科室|院|校)(?:自己|内部)?的?(?:课题|项目)/,
      'unit',
    ],
  ],
};

export const PRIZE_PATTERNS: Array<
  [RegExp, 'special' | 'first' | 'second' | 'third' | 'gold' | 'silver' | 'bronze' | 'excellence']
> = [
  [/特等奖/, 'special'],
  [/[一1]等奖?/, 'first'],
  [/[二2]等奖?/, 'second'],
  [/[三3]等奖?/, 'third'],
  [/金牌|金奖/, 'gold'],
  [/银牌|银奖/, 'silver'],
  [/铜牌|铜奖/, 'bronze'],
  [/优胜奖|优秀奖|优胜/, 'excellence'],
];

export const CERTIFICATE_PATTERNS: Array<
  [RegExp, 'chief_technician' | 'special_technician' | 'senior_technician' | 'technician' | 'senior_worker']
> = [
  [/首席技师/, 'chief_technician'],
  [/特级技师/, 'special_technician'],
  [/高级技师/, 'senior_technician'],
  [/(?<!特级|高级|首席)技师/, 'technician'],
  [/高级工(?!程)/, 'senior_worker'],
];

export const INDEXING_RE = /(?<![a-zA-Z])(CSSCI|SSCI|SCI|EI|ISTP|ISSHP)(?![a-zA-Z])/i;

export const TITLE_LEVEL_PATTERNS: Array<[RegExp, 'junior' | 'intermediate' | 'senior' | 'full_senior']> = [
  [/正高(?:级)?|教授级|正高职称/, 'full_senior'],
  [/副高(?:级)?|(?<![副正])高级(?!工|技师|研修|职称以下|技能)|副教授|高工|高级工程师/, 'senior'],
  [/初级|助理级|员级|助理工程师|技术员/, 'junior'],
  [/中级(?!工)/, 'intermediate'],
];

/** Words that show the message is about continuing education at all. */
export const DOMAIN_RE =
  /学时|继续教育|继教|公需|专业课|专业科目|职称|培训|审验|学分|课时|折算|认定|抵扣|专技|专业技术人员|人社|学习平台|网络学院|证书/;

/** Clearly unrelated requests. */
export const OUT_OF_SCOPE_RE =
  /天气|下雨|下雪|气温|作文|笑话|股票|彩票|吃什么|唱(?:首|个)?歌|电影|游戏|写(?:一)?(?:首|篇|个)(?:诗|作文|小说|文章|论文)|帮我写|菜谱|星座|房价|买房|基金(?!项目|课题|资助)|足球|篮球|快递|外卖|打车|挂号|减肥|讲个故事|讲故事|翻译一下|几点了|放假安排|油价|彩礼|相亲|算命|机票|火车票|车票|酒店|订票|高铁/;
