// The audit actor for a staff member: the session token's user (as the program page does),
// else the online session's user, else the session id.
export function staffActor(auth: {
  session: { id: string; onlineAccessInfo?: { associated_user?: { id?: number | string } } | null };
  sessionToken?: { sub?: string } | null;
}): string {
  return `staff:${auth.sessionToken?.sub ?? auth.session.onlineAccessInfo?.associated_user?.id ?? auth.session.id}`;
}
