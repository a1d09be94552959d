import { HttpClient } from './http-client';
import { startTestServer, type TestServer } from './test-server';

/** A server with one one-seat meeting, and the presidium's handshake auth for it (protocol tests). */
export async function startOneSeatMeeting(meetingId: string): Promise<{ server: TestServer; auth: { token: string; meetingId: string } }> {
  const server = await startTestServer();
  const http = new HttpClient(server.baseUrl);
  const secretariat = await http.staffToken('secretariat');
  await http.createMeeting(secretariat, {
    meetingId,
    body: { name: '测试镇人民代表大会', kind: 'congress' },
    title: '测试会议',
    delegates: [{ seatId: 's01', seatNo: '1排1座', name: '代表1' }],
  });
  return { server, auth: { token: await http.staffToken('presidium'), meetingId } };
}
