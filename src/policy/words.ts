// Chinese words for the shared vocabulary (names of categories only — no figures).

export const SUBJECT_NAMES: Record<string, string> = {
  public: '公需科目',
  professional: '专业科目',
  either: '公需或专业科目，自选其一',
  both: '公需和专业科目',
};

export const KIND_NAMES: Record<string, string> = {
  conference: '学术会议',
  degree: '学历（学位）教育',
  online_course: '网络课程',
  training: '培训进修',
  mentoring: '技术带教帮扶',
  qualification_exam: '职业资格考试',
  project: '课题（项目）',
  award: '科技奖励',
  patent: '专利',
  standard: '标准',
  report: '专题调研报告',
  epidemic: '疫情防控一线工作',
  paper: '学术论文',
  book: '学术著作',
  lecture: '专题授课',
  exam_setting: '考试命题',
  competition: '技能竞赛',
  village: '驻村工作',
  skill_certificate: '职业技能等级证书',
  referee: '技能大赛裁判',
  tech_document: '大赛技术文件编写',
  national_study: '国情研修',
  party_school: '党校脱产培训',
  translation: '“两会”少语翻译',
  software_copyright: '软件著作权',
  aid: '援派（支教、支农、支医、扶贫等）',
  foreign_language_exam: '职称外语考试',
  computer_exam: '计算机应用能力考试',
  self_study_exam: '自学考试',
  research_result: '科研成果',
  expert_service: '受邀专家服务',
  quality_online_course: '优质在线公需课授课',
};

/** The unit an activity is counted in (每篇、每部、每个模块…). */
export const UNIT_BY_KIND: Record<string, string> = {
  paper: '篇',
  book: '部',
  patent: '项',
  standard: '项',
  project: '项',
  award: '项',
  report: '篇',
  software_copyright: '项',
  computer_exam: '个模块',
  self_study_exam: '门',
  lecture: '次',
  expert_service: '次',
  research_result: '项',
  competition: '项',
  skill_certificate: '个证书',
  foreign_language_exam: '次',
  qualification_exam: '项',
};

export const VALUE_NAMES: Record<string, Record<string, string>> = {
  patentType: { invention: '发明专利', utility: '实用新型专利', design: '外观设计专利' },
  level: {
    national: '国家级',
    ministerial: '部级（国家部委）',
    national_industry: '全国单一行业部门',
    provincial: '省级（省部级）',
    provincial_joint: '省级人社部门会同行业部门',
    provincial_industry: '省级单一行业部门',
    provincial_hr: '省级人社部门',
    industry: '行业',
    department: '省直部门',
    city: '市级（市州、厅局级）',
    county: '县级',
    unit: '单位',
    other: '其他',
  },
  role: { host: '主持人（第一主持人）', main: '主要完成人（前3名）', member: '其他参与人员' },
  authorship: {
    solo: '独著（独立）',
    first: '第一作者',
    corresponding: '通讯作者',
    other: '其他作者',
    coauthor: '合作',
  },
  indexing: { none: '未被收录', SCI: 'SCI', SSCI: 'SSCI', EI: 'EI', ISTP: 'ISTP', ISSHP: 'ISSHP', CSSCI: 'CSSCI' },
  prize: {
    special: '特等奖',
    first: '一等奖',
    second: '二等奖',
    third: '三等奖',
    gold: '金牌',
    silver: '银牌',
    bronze: '铜牌',
    excellence: '优胜奖',
  },
  certificate: {
    chief_technician: '首席技师',
    special_technician: '特级技师',
    senior_technician: '高级技师',
    technician: '技师',
    senior_worker: '高级工',
  },
  langGrade: { A: 'A级', B: 'B级', C: 'C级' },
  paper: { none: '没有报告论文', short: '2000字以内', long: '2000字以上', presented: '报告了论文' },
  abroad: { true: '国（境）外', false: '国内' },
  completed: { true: '已结题（结项）', false: '未结题' },
  mainLeader: { true: '主要领导批示', false: '非主要领导批示' },
  degreeLevel: { associate: '专科（大专）', bachelor: '本科', master: '硕士', doctor: '博士' },
  official: { true: '因公派出', false: '因私或自费出境' },
  serious: { true: '因受伤、患重病', false: '一般病假' },
  reason: {
    maternity: '产假',
    paternity: '陪产假（护理假）',
    sick: '病假',
    personal: '事假',
    abroad: '在境外工作',
  },
  subject: { public: '公需科目', professional: '专业科目' },
};

export const SLOT_NAMES: Record<string, string> = {
  region: '地区',
  kind: '成果类型',
  rank: '排名',
  days: '天数',
  hours: '学时（小时）数',
  months: '月数',
  count: '数量',
  level: '级别',
  role: '角色',
  authorship: '作者署名情况',
  indexing: '收录情况',
  prize: '奖项等级',
  patentType: '专利类型',
  certificate: '证书等级',
  langGrade: '考试等级',
  paper: '是否报告论文',
  abroad: '国内还是国（境）外',
  completed: '是否结题',
  mainLeader: '是否主要领导批示',
  degreeLevel: '学历（学位）层次',
  official: '是否因公派出',
  serious: '是否因受伤、患重病',
  reason: '离岗原因',
  subject: '抵扣科目',
  level_title: '职称级别',
  monthsOnDuty: '在岗月数',
};

export function slotValueName(slot: string, value?: string): string {
  if (value === undefined) return SLOT_NAMES[slot] ?? slot;
  return VALUE_NAMES[slot]?.[value] ?? value;
}

/** "60学时", "17.5学时"; a dash for unknown. */
export function formatHours(h: number | null | undefined): string {
  if (h === null || h === undefined) return '—';
  return `${Math.round(h * 100) / 100}学时`;
}

export const TITLE_LEVEL_NAMES: Record<string, string> = {
  junior: '初级',
  intermediate: '中级',
  senior: '副高级',
  full_senior: '正高级',
};

export const ROUTE_NAMES: Record<string, string> = {
  review: '评审',
  recognition: '认定',
  transfer: '转系列',
  doctor: '博士（已取得副高）申报正高',
};
