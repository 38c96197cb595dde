// The audit actor for a staff member, from the admin session (same form as the jobs page).
export function staffActor(session: { id: string; onlineAccessInfo?: { associated_user?: { id?: number | string } } | null }): string {
  return `staff:${session.onlineAccessInfo?.associated_user?.id ?? session.id}`;
}
