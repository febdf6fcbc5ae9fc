import { passwordSignIn, revokeSignIn } from '@/lib/oauth';
import { roleOfToken, setSession, type Session } from '@/lib/session';

export async function signIn(email: string, password: string): Promise<Session> {
  const tokens = await passwordSignIn(email, password);
  const session: Session = {
    accessToken: tokens.access_token,
    refreshToken: null, // an HttpOnly cookie: never readable here
    expiresAt: Date.now() + tokens.expires_in * 1000,
    email,
    role: tokens.user?.role ?? roleOfToken(tokens.access_token),
  };
  setSession(session);
  return session;
}

export async function signOut(): Promise<void> {
  setSession(null);
  await revokeSignIn();
}
