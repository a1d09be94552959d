import type { Actor } from '../shared/domain/meeting';
import type { Principal } from './auth';

/** Who the log records for an action taken with this principal's token. */
export function actorFor(principal: Principal): Actor {
  switch (principal.role) {
    case 'secretariat':
    case 'presidium':
      return { role: principal.role, name: principal.name };
    case 'delegate':
      return { role: 'delegate', name: principal.seatId };
    case 'wall':
      return { role: 'system', name: 'wall' };
  }
}
