// Shared vocabulary: the closed sets of words that the parser, the knowledge files and the policy core agree on.
// Only categories live here — never a region, a figure or a deadline (those are data in knowledge/).
import { z } from 'zod';

/** Kinds of achievement or activity a user can ask to convert into hours. */
export const ACTIVITY_KINDS = [
  'conference', // 学术会议、讲座、学术交流、访问
  'degree', // 学历（学位）教育、高一级学历、第二学历
  'online_course', // 网络课程、网络课件
  'training', // 培训、进修、研修班
  'mentoring', // 技术带教、帮扶
  'qualification_exam', // 职业（执业）资格考试、国际注册类考试
  'project', // 课题、项目
  'award', // 科技奖、成果奖
  'patent', // 专利
  'standard', // 标准
  'report', // 专题调研报告、咨询报告
  'epidemic', // 疫情防控一线
  'paper', // 学术论文
  'book', // 学术著作、译著
  'lecture', // 专题授课、讲座授课、学术报告
  'exam_setting', // 考试命题
  'competition', // 技能大赛、技术比武
  'village', // 驻村第一书记、工作队
  'skill_certificate', // 职业技能等级证书
  'referee', // 技能大赛裁判
  'tech_document', // 大赛技术文件编写
  'national_study', // 国情研修
  'party_school', // 党校（行政学院、社会主义学院）脱产培训
  'translation', // “两会”少语翻译
  'software_copyright', // 软件著作权
  'aid', // 援派、援藏援疆、支教支农支医、扶贫、乡村振兴
  'foreign_language_exam', // 职称外语考试
  'computer_exam', // 计算机应用能力考试
  'self_study_exam', // 自学考试
  'research_result', // 科研成果（泛指）
  'expert_service', // 受邀专家、专家服务基层、评审阅卷
  'quality_online_course', // 优质在线公需课（授课教师）
] as const;
export const ActivityKind = z.enum(ACTIVITY_KINDS);
export type ActivityKind = z.infer<typeof ActivityKind>;

export const LEVELS = [
  'national', // 国家级
  'ministerial', // 部级、国家部委
  'national_industry', // 全国单一行业部门
  'provincial', // 省级、省部级、省直厅局
  'provincial_joint', // 省级人社部门会同行业部门
  'provincial_industry', // 省级单一行业部门
  'industry', // 行业（标准）
  'department', // 省委省政府组成部门、直属机构
  'city', // 市级、市州、设区的市、厅局级
  'county', // 县级
  'unit', // 单位
  'other', // 其他
] as const;
export const Level = z.enum(LEVELS);
export type Level = z.infer<typeof Level>;

export const Role = z.enum(['host', 'main', 'member']); // 主持人 / 主要完成人（前3名）/ 其他参与人员
export const Authorship = z.enum(['solo', 'first', 'corresponding', 'other', 'coauthor']);
export const Indexing = z.enum(['none', 'SCI', 'SSCI', 'EI', 'ISTP', 'ISSHP', 'CSSCI']);
export const Prize = z.enum(['special', 'first', 'second', 'third', 'gold', 'silver', 'bronze', 'excellence']);
export const PatentType = z.enum(['invention', 'utility', 'design']);
export const Certificate = z.enum([
  'chief_technician', // 首席技师
  'special_technician', // 特级技师
  'senior_technician', // 高级技师
  'technician', // 技师
  'senior_worker', // 高级工
]);
export const LangGrade = z.enum(['A', 'B', 'C']);
// 会议报告论文：无 / 2000字以内 / 2000字以上 / 报告了但字数未说
export const PaperLength = z.enum(['none', 'short', 'long', 'presented']);
export const Subject = z.enum(['public', 'professional']);
export type Subject = z.infer<typeof Subject>;

/** One achievement or activity, as told by the user. Every slot but `kind` may be missing. */
export const Achievement = z
  .object({
    kind: ActivityKind,
    count: z.number().int().min(1).max(100).optional(),
    rank: z.number().int().min(1).max(100).optional(),
    days: z.number().min(0).max(366).optional(),
    hours: z.number().min(0).max(10_000).optional(),
    months: z.number().min(0).max(120).optional(),
    level: Level.optional(),
    role: Role.optional(),
    authorship: Authorship.optional(),
    indexing: Indexing.optional(),
    prize: Prize.optional(),
    patentType: PatentType.optional(),
    certificate: Certificate.optional(),
    langGrade: LangGrade.optional(),
    paper: PaperLength.optional(),
    abroad: z.boolean().optional(),
    completed: z.boolean().optional(),
    /** the subject the user chose to count it under, where the notice lets them choose */
    subject: Subject.optional(),
  })
  .strict();
export type Achievement = z.infer<typeof Achievement>;
export type AchievementSlot = Exclude<keyof Achievement, 'kind'>;

/** Slot defaults applied when a rule asks about a slot the user did not mention. */
export const SLOT_DEFAULTS: Partial<Record<AchievementSlot, string | number | boolean>> = {
  count: 1,
  indexing: 'none',
  abroad: false,
  paper: 'none',
};

export const TitleLevel = z.enum(['junior', 'intermediate', 'senior', 'full_senior']); // 初级 / 中级 / 副高 / 正高
export type TitleLevel = z.infer<typeof TitleLevel>;
export const TitleRoute = z.enum(['review', 'recognition', 'transfer', 'doctor']); // 评审 / 认定 / 转系列 / 博士+副高申报正高
export type TitleRoute = z.infer<typeof TitleRoute>;

export const EligibilityFlag = z.enum([
  'dual_title', // 申报双职称
  'civil_servant_transfer', // 公务员转任，当年参加评审
  'village_one_year', // 驻村满1年
  'skill_leader', // 高技能领军人才等
  'epidemic', // 疫情防控一线（卫生、医务人员）
  'accounting_platform', // 经济（金融、财税）、审计、统计系列在会计平台完成学时
]);
export type EligibilityFlag = z.infer<typeof EligibilityFlag>;

export const OnDutyReason = z.enum(['maternity', 'sick', 'abroad']); // 产假 / 病假 / 公派境外
export type OnDutyReason = z.infer<typeof OnDutyReason>;

export const DeadlineEvent = z.enum([
  'filing', // 培训计划备案
  'study_window', // 学习时间（起止）
  'training_end', // 培训结束
  'individual_apply', // 个人提交学时申请
  'review', // 逐级审验完成
  'review_close', // 审验系统关闭
  'data_push', // 数据推送
]);
export type DeadlineEvent = z.infer<typeof DeadlineEvent>;

export const ContactTopic = z.enum(['policy', 'tech', 'platform', 'base', 'verification', 'window']);
export type ContactTopic = z.infer<typeof ContactTopic>;
