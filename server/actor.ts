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



const ROLE_LABELS: Partial<Record<Actor['role'], string>> = {
  secretariat: '秘书处',
  presidium: '主席团成员',
  chair: '主席',
  teller: '计票人',
  administrator: '系统管理员',
  observer: '列席',
};

/**
 * A person as printed on a result sheet: the display name with the role they acted under,
 * e.g. "周明（计票人）". Logs from before staff accounts have a self-chosen name only; it is
 * printed as it is.
 */
export function personLabel(actor: Actor): string {
  const role = actor.accountId !== undefined ? ROLE_LABELS[actor.role] : undefined;
  return role ? `${actor.name}（${role}）` : actor.name;
}
