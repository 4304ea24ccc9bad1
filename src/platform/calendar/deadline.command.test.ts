import { describe, expect, it } from 'vitest';
import { buildChineseDaysSeed } from './chinese-days-seed.js';
import { runDeadlineCommand } from './deadline.command.js';
import { createWorkingCalendar } from './working-days.js';

const seed = buildChineseDaysSeed();
const calendar = createWorkingCalendar({ days: seed.days, coveredYears: seed.years });

async function run(argv: string[], loadCalendar = async () => calendar) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runDeadlineCommand(argv, { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s), loadCalendar });
  return { code, stdout, stderr: stderr.join('\n') };
}

describe('gongkai deadline', () => {
  it('prints the due date as the first line', async () => {
    const result = await run(['--start', '2026-09-28', '--working-days', '20']);
    expect(result).toEqual({ code: 0, stdout: ['2026-10-30'], stderr: '' });
    expect((await run(['--start=2026-09-28', '--working-days=0'])).stdout).toEqual(['2026-09-28']);
  });

  it('--explain adds the steps after the date', async () => {
    const { code, stdout } = await run(['--start', '2026-09-28', '--working-days', '5', '--explain']);
    expect(code).toBe(0);
    expect(stdout[0]).toBe('2026-10-10');
    expect(stdout[1]).toBe('2026-09-28（周一） 起算日，当日不计入（工作日）');
    expect(stdout).toContain('2026-10-01（周四） 休息日，不计入（国庆节）');
    expect(stdout.at(-1)).toBe('2026-10-10（周六） 第 5 个工作日（调休上班（国庆节））');
  });

  it('warns on stderr for a year without calendar data, still answering', async () => {
    const { code, stdout, stderr } = await run(['--start', '2030-03-01', '--working-days', '5']);
    expect(code).toBe(0);
    expect(stdout[0]).toBe('2030-03-08');
    expect(stderr).toMatch(/^警告：.*2030年/);
  });

  it.each([
    [['--start', '2026-02-30', '--working-days', '5'], /--start 不是有效日期/],
    [['--start', '2026/09/28', '--working-days', '5'], /--start 不是有效日期/],
    [['--working-days', '5'], /缺少参数 --start/],
    [['--start', '2026-09-28'], /缺少参数 --working-days/],
    [['--start', '2026-09-28', '--working-days=-3'], /--working-days 必须是非负整数/],
    [['--start', '2026-09-28', '--working-days', '-3'], /选项缺少取值/],
    [['--start', '2026-09-28', '--working-days', '2.5'], /必须是非负整数/],
    [['--start', '2026-09-28', '--working-days', 'abc'], /必须是非负整数/],
    [['--start', '2026-09-28', '--working-days', '10001'], /不能超过 10000/],
    [['--start', '2026-09-28', '--working-days', '5', '--days', '3'], /未知选项/],
    [['--start', '2026-09-28', '--working-days', '5', 'extra'], /多余的参数/],
    [['--start'], /选项缺少取值/],
  ])('exits 2 with a Chinese message on stderr: %j', async (argv, message) => {
    const { code, stdout, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stdout).toEqual([]);
    expect(stderr).toMatch(/^参数错误：/);
    expect(stderr).toMatch(message);
    expect(stderr).toContain('用法: gongkai deadline');
  });

  it('--help prints the usage', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout[0]).toMatch(/^用法: gongkai deadline --start YYYY-MM-DD --working-days N/);
  });

  it('exits 1 when the calendar cannot be loaded', async () => {
    const { code, stderr } = await run(['--start', '2026-09-28', '--working-days', '5'], async () => {
      throw new Error('数据库不可用');
    });
    expect(code).toBe(1);
    expect(stderr).toBe('无法读取节假日日历：数据库不可用');
  });
});
