/** One official or manual arrangement for a date; dates without a row follow the weekday rule. */
export interface CalendarDaysTable {
  /** YYYY-MM-DD */
  date: string;
  kind: 'holiday' | 'workday';
  /** The festival the arrangement belongs to, e.g. 国庆节. */
  name: string;
  year: number;
  source: 'chinese-days' | 'manual';
  updated_at: string;
}

/**
 * A year whose arrangement has been entered. Only published years take effect: a draft is
 * next year's calendar while an administrator is still typing it in.
 */
export interface CalendarYearsTable {
  year: number;
  status: 'draft' | 'published';
  source: 'chinese-days' | 'manual';
  note: string;
  published_at: string | null;
  updated_at: string;
}

export interface CalendarTables {
  calendar_days: CalendarDaysTable;
  calendar_years: CalendarYearsTable;
}
