export * from './clock.types.js';
export { computeClock } from './compute.js';
export { validateEvent } from './validate.js';
export { receiptDate, shanghaiDate, type ReceiptChannel } from './receipt.js';
export * from './fees.js';
