import {
  CommitmentError,
  commitmentDecider,
  type CommitmentCommand,
  type CommitmentEvent,
  type CommitmentState,
} from '../src';

/** The shape every decider exposes; the commitment one is the only instance so far. */
export interface Decider<Command, Event, State> {
  decide: (command: Command, state: State) => Event[];
  evolve: (state: State, event: Event) => State;
  initialState: () => State;
}

export interface DeciderSpecification<Command, Event> {
  (givenEvents?: readonly Event[]): {
    when: (command: Command) => {
      /** The events `decide` returns, compared with `toEqual`. */
      then: (expectedEvents: readonly Event[]) => void;
      /** The stable `code` (and `field`, when given) of the `CommitmentError` thrown; returns it. */
      thenThrows: (code: string, field?: string) => CommitmentError;
    };
  };
}

export const specificationFor =
  <Command, Event, State>(
    decider: Decider<Command, Event, State>,
  ): DeciderSpecification<Command, Event> =>
  (givenEvents = []) => ({
    when: (command) => {
      // Folded on each call, so that one `when` can be asserted twice without shared state.
      const handle = (): Event[] =>
        decider.decide(command, givenEvents.reduce(decider.evolve, decider.initialState()));
      return {
        then: (expectedEvents) => {
          expect(handle()).toEqual(expectedEvents);
        },
        thenThrows: (code, field) => {
          let events: Event[];
          try {
            events = handle();
          } catch (error) {
            expect(error).toBeInstanceOf(CommitmentError);
            expect(error).toMatchObject(field === undefined ? { code } : { code, field });
            return error as CommitmentError;
          }
          throw new Error(
            `Expected decide to throw ${code}, but it returned ${JSON.stringify(events)}`,
          );
        },
      };
    },
  });

/** `given(events).when(command).then(events)` for the commitment decider. */
export const given = specificationFor<CommitmentCommand, CommitmentEvent, CommitmentState>(
  commitmentDecider,
);
