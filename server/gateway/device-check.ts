import type { MeetingService } from '../meeting-service';
import type { GatewaySocket } from './connection';

/**
 * Whether this node's copy pairs the tablet's seat with its device. The answer depends only on
 * the copy's seat map, which is persistent: while its generation (seat-map-generations.ts) has
 * not moved since the last yes, the answer stands without a look-up. A pairing, a sign-in or a
 * copy read anew moves it; votes do not, nor do the ballots opened and closed between them.
 */
export function deviceCurrentInCopy(socket: Pick<GatewaySocket, 'data'>, service: Pick<MeetingService, 'seatMapGeneration' | 'isCurrentDeviceCached'>): boolean {
  const { meetingId, principal } = socket.data;
  if (principal.role !== 'delegate') return true;
  const generation = service.seatMapGeneration(meetingId);
  if (generation === undefined) return false;
  if (socket.data.deviceCheckedAt === generation) return true;
  if (!service.isCurrentDeviceCached(meetingId, principal.seatId, principal.deviceId)) return false;
  socket.data.deviceCheckedAt = generation;
  return true;
}
