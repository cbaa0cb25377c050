/**
 * A one-line progress bar for terminals, or a plain line every few seconds when output is not a terminal.
 */
export class Progress {
  private lastPlain = 0;
  constructor(
    private readonly stream: NodeJS.WriteStream = process.stdout,
    private readonly plainEveryMs = 5_000,
  ) {}

  update(done: number, total: number, detail: string): void {
    const width = 30;
    const ratio = total === 0 ? 0 : Math.min(1, done / total);
    const filled = Math.round(ratio * width);
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${detail}`;
    if (this.stream.isTTY) {
      this.stream.write(
        `\r${line.slice(0, (this.stream.columns ?? 120) - 1).padEnd(Math.min(this.stream.columns ?? 120, 160) - 1)}`,
      );
      return;
    }
    const now = Date.now();
    if (now - this.lastPlain >= this.plainEveryMs) {
      this.lastPlain = now;
      this.stream.write(`${line}\n`);
    }
  }

  finish(): void {
    if (this.stream.isTTY) this.stream.write('\n');
  }
}
