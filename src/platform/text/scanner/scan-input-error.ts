/** A file the scanner cannot read; `message` is Chinese and safe to show to staff. */
export class ScanInputError extends Error {
  readonly code: 'unsupported_type' | 'unreadable_file';
  constructor(code: ScanInputError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScanInputError';
    this.code = code;
  }
}
