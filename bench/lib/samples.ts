/** Samples keyed by metric and contender, kept in the order taken (saved whole by --json). */
export type Contender = 'supervisord' | 'ours' | 'floor';

export interface Sample {
  metric: string;
  who: Contender;
  value: number;
  round: number;
}

export class Samples {
  readonly all: Sample[] = [];
  round = 0;

  add(metric: string, who: Contender, values: number | readonly number[]): void {
    for (const value of typeof values === 'number' ? [values] : values) this.all.push({ metric, who, value, round: this.round });
  }

  of(metric: string, who: Contender): number[] {
    return this.all.filter((s) => s.metric === metric && s.who === who).map((s) => s.value);
  }
}
