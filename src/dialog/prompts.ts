// The questions the assistant asks, in words a user can answer.
import type { Missing } from '../policy/types';
import { KIND_NAMES, SLOT_NAMES, TITLE_LEVEL_NAMES, VALUE_NAMES } from '../policy/words';

/** What the assistant can do, as examples a user can copy. */
export const CAPABILITIES = [
  '· 折算学时：如“青海发明专利排第2能算多少学时”',
  '· 年度要求：如“安徽每年要多少学时”',
  '· 还差多少：如“今年公需20专业45还差多少”',
  '· 产假等按在岗月份折算、职称申报学时核对',
  '· 截止时间、咨询电话、学习平台',
].join('\n');

/** what a user reads (and can tap) for an option id */
export function optionLabel(slot: string, id: string): string {
  return (VALUE_NAMES[slot]?.[id] ?? (slot === 'level' ? TITLE_LEVEL_NAMES[id] : undefined) ?? id).replace(
    /（.*?）/g,
    '',
  );
}

export function question(m: Missing, covered: string, label?: string): string {
  const options = (m.options ?? []).map((o) => optionLabel(m.slot, o));
  const what = label ?? (m.kind ? KIND_NAMES[m.kind] : '');
  switch (m.slot) {
    case 'region':
      return `请问您是哪个地区的？目前可查询${covered}。`;
    case 'kind':
      return '请问是哪类成果或活动？如专利、论文、著作、课题、标准、培训、学术会议等。';
    case 'rank':
      return `请问您在${what || '该项成果'}中排第几名？`;
    case 'days':
      return `请问${what}共几天？（在途时间不算）`;
    case 'hours':
      return m.kind === 'lecture' ? '请问授课（报告）时长共几小时？' : `请问${what}证书或文件上写的是多少学时？`;
    case 'months':
      return `请问${what}共几个月？`;
    case 'monthsOnDuty':
      return '请问今年实际在岗几个月？';
    case 'paper':
      return '请问报告的论文是2000字以内还是2000字以上？';
    case 'reason':
      return '请问是因为产假、病假，还是公派境外工作？';
    case 'official':
      return '请问在境外工作是单位因公派出的吗？（因私、自费出境的不按在岗时间折算）';
    case 'serious':
      return '请问病假是因为受伤或患重病吗？';
    case 'mainLeader':
      return '请问是主要领导（党委书记或政府主要负责人）批示的吗？';
    case 'completed':
      return `请问${what || '课题（项目）'}已经结题（结项）了吗？`;
    case 'degreeLevel':
      return '请问取得的是专科（大专）、本科，还是硕士、博士学历（学位）？';
    case 'abroad':
      return `请问${what ? `${what}是` : '是'}在国内还是国（境）外？`;
    case 'indexing':
      return '请问论文被SCI、SSCI、EI等收录了吗？还是普通期刊（ISSN、CN刊号）发表？';
    case 'level':
      if (m.condition) return `请问是${m.condition}吗？`;
      if (m.kind === 'report')
        return '请问是哪一级领导批示的：省委、省政府领导，还是省直部门、市州党委政府的主要领导？';
      if (options.length)
        return `请问${m.kind ? what : '申报的职称'}是${options.slice(0, -1).join('、')}${options.length > 1 ? '还是' : ''}${options[options.length - 1]}？`;
      return '请问是什么级别？';
    default:
      if (options.length)
        return `请问${what ? `${what}的` : ''}${SLOT_NAMES[m.slot] ?? ''}是${options.slice(0, -1).join('、')}${options.length > 1 ? '还是' : ''}${options[options.length - 1]}？`;
      return `请问${SLOT_NAMES[m.slot] ?? m.slot}是？`;
  }
}
