export * from './plain-date.js';
export * from './working-days.js';
export * from './calendar.schemas.js';
export * from './calendar.service.js';
export { buildChineseDaysSeed, type ChineseDaysSeed } from './chinese-days-seed.js';
export { runDeadlineCommand } from './deadline.command.js';
