import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { decodeText, extractText } from './extract-text.js';
import type { Finding } from './finding.js';
import { scanText } from './scan.js';
import { ScanInputError } from './scan-input-error.js';

export interface ScanCommandIo {
  stdin: () => Promise<Uint8Array>;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export const SCAN_USAGE = [
  '用法: gongkai scan [文件] [--terms 敏感词文件]',
  '  文件      .txt、.csv、.md、.html、.docx 或 .pdf；省略时从标准输入读取文本',
  '  --terms   敏感词表，每行一个词（空行和以 # 开头的行忽略）',
  '输出 JSON：{"findings":[{"type","start","end","text","masked"}]}，start/end 为提取出的文本中的字符位置（UTF-16）',
].join('\n');

/**
 * `gongkai scan`: `argv` is what follows the subcommand. Prints one line of JSON on stdout.
 * Returns 0 when the scan ran (whether or not anything was found), 2 for bad arguments or a
 * file that is missing, unreadable or of an unsupported type.
 */
export async function runScanCommand(argv: string[], io: ScanCommandIo): Promise<number> {
  let values: { terms?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: { terms: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: true,
    }));
  } catch (error) {
    return fail(io, `参数错误：${error instanceof Error ? error.message : String(error)}`);
  }
  if (values.help) {
    io.stdout(SCAN_USAGE);
    return 0;
  }
  if (positionals.length > 1) return fail(io, `只能扫描一个文件，收到 ${positionals.length} 个`);

  try {
    const terms = values.terms === undefined ? [] : parseTermList(decodeText(await readInputFile(values.terms, '敏感词表')));
    const file = positionals[0];
    const text =
      file === undefined
        ? decodeText(await io.stdin())
        : await extractText({ bytes: await readInputFile(file, '文件'), filename: file });
    io.stdout(JSON.stringify({ findings: scanText(text, { terms }).map(toJson) }));
    return 0;
  } catch (error) {
    if (error instanceof ScanInputError) return fail(io, error.message);
    throw error;
  }
}

/** One term per line; blank lines and lines starting with # are skipped. */
export function parseTermList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'));
}

/** Fixes the key order of the JSON output. */
function toJson(finding: Finding): Finding {
  const { type, start, end, text, masked } = finding;
  return { type, start, end, text, masked };
}

async function readInputFile(path: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? '不存在' : code === 'EISDIR' ? '是一个目录' : code === 'EACCES' ? '没有读取权限' : '无法读取';
    throw new ScanInputError('unreadable_file', `${what}“${path}”${reason}`, { cause: error });
  }
}

function fail(io: ScanCommandIo, message: string): number {
  io.stderr(message);
  return 2;
}
