/*
 * Per-channel send rate within one process. Hand-written because it is a dozen lines and the
 * rate-limit package used for HTTP (per-IP windows) does not pace a loop.
 */
export class TokenBucket {
  private tokens: number;
  private last = Date.now();

  constructor(private readonly ratePerSecond: number) {
    this.tokens = Math.max(1, ratePerSecond);
  }

  /** Waits until one token is available and takes it. */
  async take(signal?: AbortSignal): Promise<void> {
    if (!(this.ratePerSecond > 0) || !Number.isFinite(this.ratePerSecond)) return;
    for (;;) {
      const now = Date.now();
      this.tokens = Math.min(Math.max(1, this.ratePerSecond), this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      if (signal?.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000)));
    }
  }
}
