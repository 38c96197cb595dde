// The audit actor of a staff member, the one way every admin route names who did something:
// "staff:" and the session token's user, else the online session's user, else the session id.
export function staffActor(auth: {
  session: { id: string; onlineAccessInfo?: { associated_user?: { id?: number | string } } | null };
  sessionToken?: { sub?: string } | null;
}): string {
  return `staff:${auth.sessionToken?.sub ?? auth.session.onlineAccessInfo?.associated_user?.id ?? auth.session.id}`;
}
