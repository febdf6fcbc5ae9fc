import { passwordGrant, revokeToken } from '@/lib/oauth';
import { getSession, roleOfToken, setSession, type Session } from '@/lib/session';

export async function signIn(email: string, password: string): Promise<Session> {
  const tokens = await passwordGrant(email, password);
  const session: Session = {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token ?? null,
    expiresAt: Date.now() + tokens.expires_in * 1000,
    email,
    role: roleOfToken(tokens.access_token),
  };
  setSession(session);
  return session;
}

export async function signOut(): Promise<void> {
  const refreshToken = getSession()?.refreshToken;
  setSession(null);
  if (refreshToken) await revokeToken(refreshToken);
}
