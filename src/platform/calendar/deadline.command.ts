import { parseArgs } from 'node:util';
import { CalendarInputError, isPlainDate } from './plain-date.js';
import { explainDeadline, type DeadlineStep, type WorkingCalendar } from './working-days.js';

export interface DeadlineCommandIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  loadCalendar: () => Promise<WorkingCalendar>;
}

export const DEADLINE_USAGE = [
  '用法: gongkai deadline --start YYYY-MM-DD --working-days N [--explain]',
  '  --start         起算日期（如收到申请之日），当日不计入',
  '  --working-days  期限的工作日数（非负整数）',
  '  --explain       逐日列出计算过程',
].join('\n');

/**
 * `gongkai deadline`: `argv` is what follows the subcommand. Prints the due date as the first
 * line of stdout (then the steps with --explain), warnings on stderr. Returns the exit code:
 * 0 done, 1 the calendar could not be loaded, 2 bad arguments.
 */
export async function runDeadlineCommand(argv: string[], io: DeadlineCommandIo): Promise<number> {
  let values: { start?: string; 'working-days'?: string; explain?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        start: { type: 'string' },
        'working-days': { type: 'string' },
        explain: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return usageError(io, describeParseError(error));
  }
  if (values.help) {
    io.stdout(DEADLINE_USAGE);
    return 0;
  }
  const { start, 'working-days': daysText } = values;
  if (start === undefined) return usageError(io, '缺少参数 --start（起算日期，YYYY-MM-DD）');
  if (daysText === undefined) return usageError(io, '缺少参数 --working-days（工作日数）');
  if (!isPlainDate(start)) return usageError(io, `--start 不是有效日期：${JSON.stringify(start)}，应为 YYYY-MM-DD`);
  if (!/^\d+$/.test(daysText)) return usageError(io, `--working-days 必须是非负整数，收到 ${JSON.stringify(daysText)}`);

  let calendar: WorkingCalendar;
  try {
    calendar = await io.loadCalendar();
  } catch (error) {
    io.stderr(`无法读取节假日日历：${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  try {
    const result = explainDeadline(start, Number(daysText), calendar);
    io.stdout(result.due);
    if (values.explain) for (const step of result.steps) io.stdout(formatStep(step));
    for (const warning of result.warnings) io.stderr(`警告：${warning}`);
    return 0;
  } catch (error) {
    if (error instanceof CalendarInputError) return usageError(io, error.message);
    throw error;
  }
}

export function formatStep(step: DeadlineStep): string {
  const day = `${step.date}（${step.weekday}）`;
  switch (step.kind) {
    case 'start':
      return `${day} 起算日，当日不计入（${step.reason}）`;
    case 'counted':
      return `${day} 第 ${step.index} 个工作日（${step.reason}）`;
    case 'skipped':
      return `${day} 休息日，不计入（${step.reason}）`;
    case 'postponed':
      return `${day} 期限届满日为休息日，顺延至此（${step.reason}）`;
  }
}

function usageError(io: DeadlineCommandIo, message: string): number {
  io.stderr(`参数错误：${message}`);
  io.stderr(DEADLINE_USAGE);
  return 2;
}

function describeParseError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const detail = error instanceof Error ? error.message : String(error);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `未知选项（${detail}）`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `选项缺少取值，或取值以 - 开头（日期须为 YYYY-MM-DD，工作日数须为非负整数）（${detail}）`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `多余的参数（${detail}）`;
  return detail;
}
