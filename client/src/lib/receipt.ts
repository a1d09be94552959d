/** A receipt id in a form an elderly delegate can read out to staff: last 8 letters/digits, "ABCD-1234". */
export function shortReceipt(receiptId: string): string {
  const tail = receiptId.replace(/[^0-9a-z]/gi, '').slice(-8).toUpperCase();
  return tail.length > 4 ? `${tail.slice(0, 4)}-${tail.slice(4)}` : tail;
}
