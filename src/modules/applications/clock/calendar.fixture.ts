import { buildChineseDaysSeed } from '../../../platform/calendar/chinese-days-seed.js';
import { createWorkingCalendar } from '../../../platform/calendar/working-days.js';

/** The real calendar (2004–2026 from chinese-days; 2024–2026 checked against law.md by the calendar tests). */
const seed = buildChineseDaysSeed();
export const calendar = createWorkingCalendar({ days: seed.days, coveredYears: seed.years });
export const lastCoveredYear = Math.max(...seed.years);
