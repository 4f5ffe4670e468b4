/**
 * What the security layer keeps on each accepted connection (its `context`): the message gate (role, token age,
 * rate buckets) and who the client is as far as a host's removal goes.
 */
import type { MessageGate } from './MessageGate.js';
import type { Participant } from './RemovalBans.js';

/** The security context of one connection. */
export interface ConnectionSecurity {
  gate: MessageGate;
  /** Whether a measurement of this tick's server time is under way. */
  measuring: boolean;
  /** The client's address and seat. */
  participant: Participant;
}

/** The security context of `connection`, or undefined for a connection the layer did not accept. */
export function securityOf(connection: { readonly context: unknown }): ConnectionSecurity | undefined {
  const context = connection.context as Partial<ConnectionSecurity> | undefined;
  return context?.gate !== undefined && context.participant !== undefined ? (context as ConnectionSecurity) : undefined;
}
