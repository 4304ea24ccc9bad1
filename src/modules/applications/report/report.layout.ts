import {
  allColumns, columnCodes, columnLabel, LEGAL_PERSONS, outcomeLabels, replyGroupRows, replyRowLabel, sectionTitles, table2Labels as L2, table3Labels as L3, table4Labels as L4, TOTAL,
  type ReportData, type Table2Json, type Table3Json, type Table4Json,
} from './report.model.js';

/*
 * The national layout of tables 二、三、四 as grids of cells with row and column spans, laid out
 * like HTML tables (a row lists only the cells that start in it). The HTML page, the .docx and
 * the .xlsx are all drawn from these grids, so the three always agree.
 */

export interface GridCell {
  text?: string;
  /** A number cell (null: not filled in). */
  value?: number | null;
  colSpan?: number;
  rowSpan?: number;
  head?: boolean;
}

export interface Grid {
  title: string;
  columns: number;
  rows: GridCell[][];
}

const head = (text: string, span: Partial<GridCell> = {}): GridCell => ({ text, head: true, ...span });
const num = (value: number | null | undefined, span: Partial<GridCell> = {}): GridCell => ({ value: value ?? null, ...span });

export function table2Grid(t: Table2Json): Grid {
  const get = (item: string, row: string, col: string) => t[item]?.[row]?.[col] ?? null;
  const decisions = (item: string, rows: string[], col: string) => [
    [head(item, { colSpan: 4 })],
    [head(L2.content), head(col, { colSpan: 3 })],
    ...rows.map((r) => [head(r), num(get(item, r, col), { colSpan: 3 })]),
  ];
  return {
    title: sectionTitles.table2,
    columns: 4,
    rows: [
      [head(L2.item1, { colSpan: 4 })],
      [head(L2.content), head(L2.made), head(L2.repealed), head(L2.current)],
      ...[L2.regulation, L2.normative].map((r) => [head(r), num(get(L2.item1, r, L2.made)), num(get(L2.item1, r, L2.repealed)), num(get(L2.item1, r, L2.current))]),
      ...decisions(L2.item5, [L2.licensing], L2.decisions),
      ...decisions(L2.item6, [L2.penalty, L2.enforcement], L2.decisions),
      ...decisions(L2.item8, [L2.charges], L2.fees),
    ],
  };
}

export const TABLE3_CORNER = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
export const TABLE3_APPLICANTS = '申请人情况';

export function table3Grid(t: Table3Json): Grid {
  const values = (label: string) => allColumns.map((c) => num(t[label]?.[columnLabel(c)]));
  const resultRows: GridCell[][] = [];
  for (const g of replyGroupRows) {
    if (g.types.length === 1 && (g.group === 'disclosed' || g.group === 'partly_disclosed')) {
      const label = replyRowLabel(g.types[0]!);
      resultRows.push([head(label, { colSpan: 2 }), ...values(label)]);
      continue;
    }
    g.types.forEach((type, i) => {
      const label = replyRowLabel(type);
      resultRows.push([...(i === 0 ? [head(g.label, { rowSpan: g.types.length })] : []), head(label), ...values(label)]);
    });
  }
  resultRows.push([head(L3.resultsTotal, { colSpan: 2 }), ...values(L3.resultsTotal)]);
  resultRows[0]!.unshift(head(L3.results, { rowSpan: resultRows.length }));
  return {
    title: sectionTitles.table3,
    columns: 3 + allColumns.length,
    rows: [
      [head(TABLE3_CORNER, { colSpan: 3, rowSpan: 3 }), head(TABLE3_APPLICANTS, { colSpan: allColumns.length })],
      [head(columnLabel('person'), { rowSpan: 2 }), head(LEGAL_PERSONS, { colSpan: columnCodes.length - 1 }), head(TOTAL, { rowSpan: 2 })],
      columnCodes.filter((c) => c !== 'person').map((c) => head(columnLabel(c))),
      [head(L3.received, { colSpan: 3 }), ...values(L3.received)],
      [head(L3.carriedIn, { colSpan: 3 }), ...values(L3.carriedIn)],
      ...resultRows,
      [head(L3.carriedOut, { colSpan: 3 }), ...values(L3.carriedOut)],
    ],
  };
}

export function table4Grid(t: Table4Json): Grid {
  const recon = t[L4.reconsideration] as Record<string, number> | undefined;
  const lit = t[L4.litigation] as Record<string, Record<string, number>> | undefined;
  const five = (counts: Record<string, number> | undefined) => outcomeLabels.map((o) => num(counts?.[o]));
  return {
    title: sectionTitles.table4,
    columns: 15,
    rows: [
      [head(L4.reconsideration, { colSpan: 5 }), head(L4.litigation, { colSpan: 10 })],
      [...outcomeLabels.map((o) => head(o, { rowSpan: 2 })), head(L4.litigation_direct, { colSpan: 5 }), head(L4.litigation_after_reconsideration, { colSpan: 5 })],
      [...outcomeLabels, ...outcomeLabels].map((o) => head(o)),
      [...five(recon), ...five(lit?.[L4.litigation_direct]), ...five(lit?.[L4.litigation_after_reconsideration])],
    ],
  };
}

export const reportGrids = (data: ReportData): Grid[] => [table2Grid(data.table2), table3Grid(data.table3), table4Grid(data.table4)];

export interface PlacedCell {
  row: number;
  col: number;
  cell: GridCell;
}

/** Absolute positions (0-based) of every cell, as a browser lays out a table with spans. */
export function placeGrid(grid: Grid): PlacedCell[] {
  const taken = new Set<string>();
  const placed: PlacedCell[] = [];
  grid.rows.forEach((cells, row) => {
    let col = 0;
    for (const cell of cells) {
      while (taken.has(`${row}:${col}`)) col += 1;
      const rs = cell.rowSpan ?? 1;
      const cs = cell.colSpan ?? 1;
      for (let r = 0; r < rs; r += 1) for (let c = 0; c < cs; c += 1) taken.add(`${row + r}:${col + c}`);
      placed.push({ row, col, cell });
      col += cs;
    }
  });
  return placed;
}

export const cellText = (cell: GridCell): string => cell.text ?? (cell.value === null || cell.value === undefined ? '' : String(cell.value));
