import type { Delegate, MeetingSpec } from '../shared/domain/meeting';

/** A township congress to try the system with, created on first start of an empty store. */
export const DEMO_MEETING_ID = 'demo-township';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN = ['建国', '秀英', '志强', '丽华', '海燕', '国平', '春梅', '文军', '晓红', '永福', '淑珍', '明辉', '桂兰', '德胜', '玉兰', '振华', '金凤', '立新', '红梅', '伟东'];
const GROUPS = ['第一代表组', '第二代表组', '第三代表组', '第四代表组'];
const DELEGATES = 40;
const PER_ROW = 10;

function demoDelegates(): Delegate[] {
  return Array.from({ length: DELEGATES }, (_, i) => {
    const row = Math.floor(i / PER_ROW) + 1;
    const col = (i % PER_ROW) + 1;
    return {
      seatId: `s${String(i + 1).padStart(2, '0')}`,
      seatNo: `${row}排${String(col).padStart(2, '0')}座`,
      // A different given name for each pass over the surnames keeps all 40 names distinct.
      name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7 + Math.floor(i / SURNAMES.length) * 3) % GIVEN.length]}`,
      group: GROUPS[Math.floor(i / PER_ROW) % GROUPS.length] ?? '',
    };
  });
}

export function demoMeetingSpec(): MeetingSpec {
  return {
    meetingId: DEMO_MEETING_ID,
    body: { name: '某某镇人民代表大会', kind: 'congress' },
    title: '某某镇第十八届人民代表大会第五次会议',
    delegates: demoDelegates(),
    presidium: ['陈立新', '王建国', '李秀英', '张志强', '刘丽华', '杨海燕', '赵国平'],
    agenda: [
      { itemId: 'item-1', title: '听取和审议镇人民政府工作报告', kind: 'report' },
      { itemId: 'item-2', title: '审查和批准镇2025年财政预算执行情况和2026年财政预算', kind: 'vote' },
      { itemId: 'item-3', title: '票决产生镇2026年民生实事项目', kind: 'vote' },
      { itemId: 'item-4', title: '关于镇人民政府工作报告的决议', kind: 'vote' },
    ],
  };
}
