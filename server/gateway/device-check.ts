import type { MeetingService } from '../meeting-service';
import type { GatewaySocket } from './connection';

/**
 * Whether this node's copy pairs the tablet's seat with its device. A pairing changes only by an
 * event, which moves the copy's version, and a copy read again has a new epoch: while neither has
 * moved since the last yes, the answer stands without a look-up in the seat map.
 */
export function deviceCurrentInCopy(socket: Pick<GatewaySocket, 'data'>, service: Pick<MeetingService, 'cachedState' | 'epochOf' | 'isCurrentDeviceCached'>): boolean {
  const { meetingId, principal, deviceCheckedAt } = socket.data;
  if (principal.role !== 'delegate') return true;
  const version = service.cachedState(meetingId)?.version;
  const epoch = service.epochOf(meetingId);
  if (version === undefined) return false;
  if (deviceCheckedAt.version === version && deviceCheckedAt.epoch === epoch) return true;
  if (!service.isCurrentDeviceCached(meetingId, principal.seatId, principal.deviceId)) return false;
  deviceCheckedAt.version = version;
  deviceCheckedAt.epoch = epoch;
  return true;
}
