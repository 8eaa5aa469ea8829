/** The only source of "now": injected, so that tests and replays control time. */
export interface Clock {
  /** The current instant, ISO-8601 UTC. */
  now(): string;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date().toISOString() };

export const fixedClock = (instant: string): Clock & { set(instant: string): void } => {
  let current = new Date(instant).toISOString();
  return {
    now: () => current,
    set: (next: string) => {
      current = new Date(next).toISOString();
    },
  };
};
