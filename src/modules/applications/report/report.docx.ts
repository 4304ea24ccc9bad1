import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableLayoutType, TableRow, TextRun, VerticalAlign, WidthType } from 'docx';
import { cellText, reportGrids, type Grid } from './report.layout.js';
import { proseLabels, reportTitle, type Prose, type ReportData } from './report.model.js';

/*
 * The report as .docx in the national layout: the title, sections 一 to 六, and tables 二、三、四
 * as real Word tables with merged cells (the same grids as the web page). Fonts follow the usual
 * official-document style (标题 小标宋, 一级标题 黑体, 正文 仿宋_GB2312 三号).
 */

const BODY = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋_GB2312' };
const HEADING = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '黑体' };
const TITLE = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '方正小标宋简体' };
/** A4 with 2.8 cm / 2.6 cm side margins: 15.6 cm of text width, in twips. */
const TEXT_WIDTH = 8844;

function heading(text: string): Paragraph {
  return new Paragraph({ spacing: { before: 240, after: 120 }, indent: { firstLine: 640 }, children: [new TextRun({ text, font: HEADING, size: 32 })] });
}

function prose(text: string): Paragraph[] {
  const paragraphs = text.split(/\n+/).map((p) => p.trim()).filter(Boolean);
  return (paragraphs.length ? paragraphs : ['无。']).map(
    (p) => new Paragraph({ indent: { firstLine: 640 }, spacing: { line: 560, lineRule: 'exact' }, children: [new TextRun({ text: p, font: BODY, size: 32 })] }),
  );
}

function columnWidths(grid: Grid): number[] {
  if (grid.columns === 10) {
    const labels = [900, 1100, 2500];
    const rest = Math.floor((TEXT_WIDTH - 4500) / 7);
    return [...labels, ...Array.from({ length: 7 }, () => rest)];
  }
  if (grid.columns === 4) return [2640, 2068, 2068, 2068];
  return Array.from({ length: grid.columns }, () => Math.floor(TEXT_WIDTH / grid.columns));
}

function wordTable(grid: Grid): Table {
  const widths = columnWidths(grid);
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: grid.rows.map(
      (cells) =>
        new TableRow({
          tableHeader: false,
          cantSplit: true,
          children: cells.map(
            (cell) =>
              new TableCell({
                columnSpan: cell.colSpan,
                rowSpan: cell.rowSpan,
                verticalAlign: VerticalAlign.CENTER,
                margins: { left: 60, right: 60, top: 40, bottom: 40 },
                children: [
                  new Paragraph({
                    alignment: cell.head && (cell.colSpan ?? 1) === 1 && cell.text && cell.text.length > 8 ? AlignmentType.LEFT : AlignmentType.CENTER,
                    children: [new TextRun({ text: cellText(cell), font: BODY, size: 18 })],
                  }),
                ],
              }),
          ),
        }),
    ),
  });
}

const sectionOrder = (data: ReportData, prosePart: (key: keyof Prose) => Paragraph[]): (Paragraph | Table)[] => {
  const [t2, t3, t4] = reportGrids(data);
  const withTable = (grid: Grid) => [heading(grid.title), wordTable(grid)];
  return [
    heading(proseLabels.overview), ...prosePart('overview'),
    ...withTable(t2!), ...withTable(t3!), ...withTable(t4!),
    heading(proseLabels.problems), ...prosePart('problems'),
    heading(proseLabels.other), ...prosePart('other'),
  ];
};

export async function reportDocx(data: ReportData, opts: { draft?: boolean } = {}): Promise<Buffer> {
  const title = new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { after: 240 },
    children: [new TextRun({ text: reportTitle(data), font: TITLE, size: 44 })],
  });
  const draft = opts.draft
    ? [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: '（草稿，尚未发布）', font: BODY, size: 28 })] })]
    : [];
  const doc = new Document({
    creator: 'Gongkai 公开',
    title: reportTitle(data),
    styles: { default: { document: { run: { font: BODY, size: 32 } } } },
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } },
        children: [title, ...draft, ...sectionOrder(data, (key) => prose(data.prose[key]))],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
