import ExcelJS from 'exceljs';
import { cellText, placeGrid, reportGrids, type Grid } from './report.layout.js';
import { reportTitle, type ReportData } from './report.model.js';

/*
 * The report as .xlsx: one sheet per table (二、三、四), each with the report title in row 1, the
 * table title in row 2 and the national layout from row 3, header cells merged as in the form.
 * Numbers are numeric cells; a manual entry not yet filled in is an empty cell.
 */

export const sheetNames = ['表二 主动公开政府信息情况', '表三 收到和处理政府信息公开申请情况', '表四 行政复议、行政诉讼情况'] as const;
/** The first row of each table on its sheet (1-based). */
export const TABLE_FIRST_ROW = 3;

const border: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' },
};

function fillSheet(sheet: ExcelJS.Worksheet, grid: Grid, title: string): void {
  sheet.mergeCells(1, 1, 1, grid.columns);
  sheet.getCell(1, 1).value = title;
  sheet.getCell(1, 1).font = { bold: true, size: 14 };
  sheet.getCell(1, 1).alignment = { horizontal: 'center' };
  sheet.mergeCells(2, 1, 2, grid.columns);
  sheet.getCell(2, 1).value = grid.title;
  sheet.getCell(2, 1).font = { bold: true };
  for (const { row, col, cell } of placeGrid(grid)) {
    const r = TABLE_FIRST_ROW + row;
    const c = 1 + col;
    const rs = cell.rowSpan ?? 1;
    const cs = cell.colSpan ?? 1;
    if (rs > 1 || cs > 1) sheet.mergeCells(r, c, r + rs - 1, c + cs - 1);
    const target = sheet.getCell(r, c);
    target.value = cell.text !== undefined ? cell.text : cell.value ?? null;
    target.alignment = { vertical: 'middle', horizontal: cell.text !== undefined && cellText(cell).length > 12 && cs === 1 ? 'left' : 'center', wrapText: true };
    if (cell.head) target.font = { bold: rs > 1 || cs > 1 };
    for (let i = 0; i < rs; i += 1) for (let j = 0; j < cs; j += 1) sheet.getCell(r + i, c + j).border = border;
  }
  const widths = grid.columns === 10 ? [8, 12, 40] : grid.columns === 4 ? [22] : [];
  for (let i = 1; i <= grid.columns; i += 1) sheet.getColumn(i).width = widths[i - 1] ?? 12;
}

export async function reportXlsx(data: ReportData, opts: { draft?: boolean } = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Gongkai 公开';
  const title = `${reportTitle(data)}${opts.draft ? '（草稿，尚未发布）' : ''}`;
  reportGrids(data).forEach((grid, i) => fillSheet(workbook.addWorksheet(sheetNames[i]), grid, title));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
