import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';

/** Fixed forever: changing it would give every catalogued commitment a new id. */
const EXTERNAL_ID_NAMESPACE = '5b0f4d0e-3c1e-4b8a-9a57-2f1c8f0c0c0d';

/**
 * The commitment id for an externalId: a uuid v5, so the same externalId always names the same
 * stream, whether it comes through the API or a catalogue import, and the store's no-stream
 * check makes it unique. Without an externalId, a fresh random id.
 */
export const commitmentIdFor = (externalId?: string): string =>
  externalId ? uuidv5(externalId, EXTERNAL_ID_NAMESPACE) : randomUUID();
