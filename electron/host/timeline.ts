import type { TimelinePoint } from '../../shared/contract.js';

/** Ten minutes of one-second samples. */
export const TIMELINE_CAPACITY = 600;

/** A fixed-size ring of samples: memory stays flat however long the app runs. */
export class TimelineRing {
  private readonly points: (TimelinePoint | undefined)[];
  private next = 0;
  private size = 0;

  constructor(readonly capacity = TIMELINE_CAPACITY) {
    this.points = new Array<TimelinePoint | undefined>(capacity);
  }

  push(point: TimelinePoint): void {
    this.points[this.next] = point;
    this.next = (this.next + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  /** Oldest first. */
  toArray(): TimelinePoint[] {
    const result: TimelinePoint[] = [];
    const start = (this.next - this.size + this.capacity) % this.capacity;
    for (let i = 0; i < this.size; i++) {
      const point = this.points[(start + i) % this.capacity];
      if (point) result.push(point);
    }
    return result;
  }
}
