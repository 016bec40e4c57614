/**
 * Runs an async task so that calls made while it runs do not start another run in parallel: they share the
 * current run, which then goes round once more to see what changed meanwhile (a watch that fires mid-listing).
 */
export class CoalescedTask {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly shouldContinue: () => boolean = () => true,
  ) {}

  /** Asks for another round from inside the task (e.g. the node appeared between two requests). */
  requestAgain(): void {
    this.again = true;
  }

  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.task();
      } while (this.again && this.shouldContinue());
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }
}
