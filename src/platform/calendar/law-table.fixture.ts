import { addDays } from './plain-date.js';

/*
 * The 2024–2026 arrangements exactly as docs/law.md lists them (the expected data the
 * seeded calendar is checked against). Holidays are "M/D" or "M/D–M/D" ranges.
 */
export const LAW_TABLE: Record<number, { holidays: string[]; workdays: string[] }> = {
  2024: {
    holidays: ['1/1', '2/10–2/17', '4/4–4/6', '5/1–5/5', '6/10', '9/15–9/17', '10/1–10/7'],
    workdays: ['2/4', '2/18', '4/7', '4/28', '5/11', '9/14', '9/29', '10/12'],
  },
  2025: {
    holidays: ['1/1', '1/28–2/4', '4/4–4/6', '5/1–5/5', '5/31–6/2', '10/1–10/8'],
    workdays: ['1/26', '2/8', '4/27', '9/28', '10/11'],
  },
  2026: {
    holidays: ['1/1–1/3', '2/15–2/23', '4/4–4/6', '5/1–5/5', '6/19–6/21', '9/25–9/27', '10/1–10/7'],
    workdays: ['1/4', '2/14', '2/28', '5/9', '9/20', '10/10'],
  },
};

function monthDay(year: number, text: string): string {
  const [month, day] = text.split('/').map(Number);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Every date of the entries, ranges expanded. */
export function expandLawDates(year: number, entries: string[]): string[] {
  return entries.flatMap((entry) => {
    const [from, to] = entry.split('–');
    const first = monthDay(year, from ?? '');
    const last = to ? monthDay(year, to) : first;
    const dates: string[] = [];
    for (let d = first; d <= last; d = addDays(d, 1)) dates.push(d);
    return dates;
  });
}
