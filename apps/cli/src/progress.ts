/**
 * Progress on stderr for long work (replay, import, migrate): a live line on a terminal, a line
 * every 10 % otherwise (CI logs), nothing when quiet. Output on stdout stays machine-readable.
 */
export class Progress {
  private lastPercent = -1;
  private lastDraw = 0;
  private readonly started = Date.now();

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly quiet = false,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number): void {
    if (this.quiet || this.total === 0) return;
    const percent = Math.floor((done / this.total) * 100);
    if (this.stream.isTTY) {
      const now = Date.now();
      if (now - this.lastDraw < 100 && done < this.total) return;
      this.lastDraw = now;
      this.stream.write(
        `\r${this.label}: ${done.toLocaleString('en')}/${this.total.toLocaleString('en')} (${percent} %)`,
      );
    } else if (percent >= this.lastPercent + 10 || done === this.total) {
      this.lastPercent = percent - (percent % 10);
      this.stream.write(
        `${this.label}: ${done.toLocaleString('en')}/${this.total.toLocaleString('en')} (${percent} %)\n`,
      );
    }
  }

  done(): void {
    if (this.quiet) return;
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    this.stream.write(
      `${this.stream.isTTY ? '\r' : ''}${this.label}: done, ${this.total.toLocaleString('en')} in ${seconds} s\n`,
    );
  }
}
