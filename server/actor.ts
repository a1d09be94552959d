import { AsyncLocalStorage } from 'node:async_hooks';
import type { Actor } from '../shared/domain/meeting';
import type { Role } from '../shared/protocol/socket';
import { roleUsed, type Principal, type StaffPrincipal } from './auth';

/**
 * Who the log records for an action taken with this principal's token. A staff member is named
 * by account id and display name, with the role the action is allowed under (`allowed`: the
 * protocol roles of the event or endpoint).
 */
export function actorFor(principal: Principal, allowed?: readonly Role[]): Actor {
  switch (principal.role) {
    case 'staff':
      return staffActor(principal, allowed);
    case 'delegate':
      return { role: 'delegate', name: principal.seatId };
    case 'wall':
      return { role: 'system', name: 'wall' };
  }
}

function staffActor(principal: StaffPrincipal, allowed?: readonly Role[]): Actor {
  const role = (allowed && roleUsed(principal, allowed)) ?? principal.roles[0] ?? 'observer';
  return { role, name: principal.name, accountId: principal.accountId };
}

/**
 * The actor of the socket event being handled, set by the gateway for the duration of one
 * handler (bind-event.ts): one connection of a person with several roles acts under the role
 * each event needs, even with events in flight at once.
 */
const eventActor = new AsyncLocalStorage<Actor>();

export function runAs<T>(actor: Actor, fn: () => T): T {
  return eventActor.run(actor, fn);
}

export function currentActor(): Actor | undefined {
  return eventActor.getStore();
}

