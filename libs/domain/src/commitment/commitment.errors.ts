/**
 * Domain errors carry a stable `code` that clients may rely on, and the input `field` at fault
 * when there is one. Their `kind` says what went wrong, not which HTTP status it becomes: the
 * mapping lives in the API's exception filter.
 */
export type DomainErrorKind = 'not_found' | 'conflict' | 'invalid' | 'rejected';

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class CommitmentError extends DomainError {
  override readonly name = 'CommitmentError';

  static notFound(commitmentId: string): CommitmentError {
    return new CommitmentError(
      'COMMITMENT.NOT_FOUND',
      'not_found',
      `Commitment ${commitmentId} does not exist`,
    );
  }
  static alreadyExists(commitmentId: string): CommitmentError {
    return new CommitmentError(
      'COMMITMENT.ALREADY_EXISTS',
      'conflict',
      `Commitment ${commitmentId} already exists`,
    );
  }
  static externalIdTaken(externalId: string): CommitmentError {
    return new CommitmentError(
      'COMMITMENT.EXTERNAL_ID_TAKEN',
      'conflict',
      `A commitment with externalId "${externalId}" already exists`,
      'externalId',
    );
  }
  static withdrawn(commitmentId: string): CommitmentError {
    return new CommitmentError(
      'COMMITMENT.ALREADY_WITHDRAWN',
      'rejected',
      `Commitment ${commitmentId} has been withdrawn: it accepts no further change`,
    );
  }
  static ministryNotAssigned(ministry: string): CommitmentError {
    return new CommitmentError(
      'COMMITMENT.MINISTRY_NOT_ASSIGNED',
      'rejected',
      `Ministry ${ministry} is not assigned to this commitment`,
      'ministry',
    );
  }
  static ministryExempted(ministry: string): CommitmentError {
    return new CommitmentError(
      'COMMITMENT.MINISTRY_EXEMPTED',
      'rejected',
      `Ministry ${ministry} is exempted from this commitment`,
      'ministry',
    );
  }
  static unknownMinistry(ministry: string, field = 'ministry'): CommitmentError {
    return new CommitmentError(
      'COMMITMENT.UNKNOWN_MINISTRY',
      'invalid',
      `Unknown ministry code "${ministry}"`,
      field,
    );
  }
  static valueOutOfRange(field: string, value: number, range: string): CommitmentError {
    return new CommitmentError(
      'COMMITMENT.VALUE_OUT_OF_RANGE',
      'invalid',
      `${field} ${value} is outside the metric's range ${range}`,
      field,
    );
  }
  static deadlineNotLater(deadline: string, current: string): CommitmentError {
    return new CommitmentError(
      'COMMITMENT.DEADLINE_NOT_LATER',
      'rejected',
      `The new deadline ${deadline} must be later than the current deadline ${current}`,
      'deadline',
    );
  }
  static dateInFuture(field: string, date: string, today: string): CommitmentError {
    return new CommitmentError(
      'COMMITMENT.DATE_IN_FUTURE',
      'invalid',
      `${field} ${date} is after today (${today})`,
      field,
    );
  }
  static dateBefore(
    field: string,
    date: string,
    other: string,
    otherName: string,
  ): CommitmentError {
    return new CommitmentError(
      'COMMITMENT.DATE_TOO_EARLY',
      'invalid',
      `${field} ${date} is before ${otherName} ${other}`,
      field,
    );
  }
  static targetUnchanged(target: number): CommitmentError {
    return new CommitmentError(
      'COMMITMENT.TARGET_UNCHANGED',
      'rejected',
      `The target is already ${target}`,
      'target',
    );
  }
  static alreadyExempted(ministry: string): CommitmentError {
    return new CommitmentError(
      'COMMITMENT.ALREADY_EXEMPTED',
      'conflict',
      `Ministry ${ministry} is already exempted`,
      'ministry',
    );
  }
  static noMinistry(): CommitmentError {
    return new CommitmentError(
      'COMMITMENT.NO_MINISTRY',
      'invalid',
      'A commitment needs at least one ministry',
      'ministries',
    );
  }
  static invalid(field: string, message: string): CommitmentError {
    return new CommitmentError('COMMITMENT.INVALID', 'invalid', message, field);
  }
}
