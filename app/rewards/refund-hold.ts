// The one hold-until rule: an advocate's reward waits out the refund window counted from the
// order (the program's holdDays), whether the referral qualified automatically or a staff
// member approved it later. A window already over means no hold.
export function refundHoldUntil(holdDays: number, orderedAt: Date): Date | null {
  return holdDays > 0 ? new Date(orderedAt.getTime() + holdDays * 86_400_000) : null;
}

/** The hold to put on an advocate's reward now, or null to issue it at once. */
export function activeRefundHold(holdDays: number, orderedAt: Date, now: Date): Date | null {
  const until = refundHoldUntil(holdDays, orderedAt);
  return until && until > now ? until : null;
}
