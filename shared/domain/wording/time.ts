/** Times are printed in China Standard Time, whatever the server's or browser's own zone. */
const TIME_FORMAT = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** Epoch ms → "2026-12-02 17:47:04" (Beijing time). */
export function formatTime(at: number): string {
  const parts = Object.fromEntries(TIME_FORMAT.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  const hour = parts['hour'] === '24' ? '00' : parts['hour'];
  return `${parts['year']}-${parts['month']}-${parts['day']} ${hour}:${parts['minute']}:${parts['second']}`;
}
