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
  'provincial_hr', // 省级人力资源社会保障部门（人社厅）
  'industry', // 行业（标准）
  'department', // 省委省政府组成部门、直属机构
  'city', // 市级、市州、设区的市、厅局级
  'county', // 县级
  'unit', // 单位
  'other', // 其他
] as const;
export const Level = z.enum(LEVELS);
export type Level = z.infer<typeof Level>;

/**
 * The wider level a narrower one belongs to (省级单一行业 is 省级), tried where a region's notice has no rule for
 * the narrower one. A report's 省直部门 endorsement is not a 省级 one, so `department` has no parent.
 */
export const LEVEL_PARENT: Partial<Record<Level, Level>> = {
  national_industry: 'national',
  provincial_joint: 'provincial',
  provincial_industry: 'provincial',
  ministerial: 'provincial',
};

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
// 学历（学位）层次：专科（大专）/ 本科 / 硕士 / 博士
export const DegreeLevel = z.enum(['associate', 'bachelor', 'master', 'doctor']);
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
    /** hours a day, told before the days are known (每天6小时) */
    perDay: z.number().min(0).max(24).optional(),
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
    /** sent on official business (因公派出 / 公派), as opposed to self-funded */
    official: z.boolean().optional(),
    /** 课题、项目已结题（结项） */
    completed: z.boolean().optional(),
    /** 批示的是主要领导（党委书记、政府主要负责人） */
    mainLeader: z.boolean().optional(),
    /** 取得的学历（学位）层次 */
    degreeLevel: DegreeLevel.optional(),
    /** the subject the user chose to count it under, where the notice lets them choose */
    subject: Subject.optional(),
    /** other kinds the user's words also name (驻村扶贫): tried where a region has no rule for `kind` */
    alternatives: z.array(ActivityKind).max(4).optional(),
  })
  .strict();
export type Achievement = z.infer<typeof Achievement>;
export type AchievementSlot = Exclude<keyof Achievement, 'kind'>;

/** Slot defaults applied when a rule asks about a slot the user did not mention. Only neutral ones: a condition
 * that changes a figure (收录, 国内/国外, 报告论文, 级别…) is never assumed — unknown, it is asked or answered per case. */
export const SLOT_DEFAULTS: Partial<Record<AchievementSlot, string | number | boolean>> = {
  count: 1,
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

// 产假（女职工生育）/ 陪产假、护理假（男方）/ 病假 / 事假 / 在境外工作
export const OnDutyReason = z.enum(['maternity', 'paternity', 'sick', 'personal', 'abroad']);
export type OnDutyReason = z.infer<typeof OnDutyReason>;

/** A year's time off duty, as told: the conditions of pro-rating (因公派出, 因受伤、患重病) are facts of their own. */
export const OnDutyFacts = z
  .object({
    reason: OnDutyReason.optional(),
    monthsOnDuty: z.number().min(0).max(12).optional(),
    monthsAway: z.number().min(0).max(12).optional(),
    /** the stay abroad was 因公派出 (true) or private / self-funded (false) */
    official: z.boolean().optional(),
    /** the sick leave was for an injury or a serious illness */
    serious: z.boolean().optional(),
  })
  .strict();
export type OnDutyFacts = z.infer<typeof OnDutyFacts>;

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
