/** Signing in (password, then the one-time code), renewing, signing out and "forgot password". */
import { callApi, json } from './http';
import type { LoginChallenge, Me, TokenResponse } from './types';

export const startLogin = (username: string, password: string) =>
  json<LoginChallenge>(callApi('/auth/login', { body: { username, password } }));

export const verifyCode = (challengeId: string, code: string) =>
  json<TokenResponse>(callApi('/auth/verify', { body: { challengeId, code } }));

/** The refresh token is good once: the answer carries the next one. */
export const refreshTokens = (refreshToken: string) =>
  json<TokenResponse>(callApi('/auth/refresh', { body: { refreshToken } }));

export const logout = (refreshToken: string) => callApi('/auth/logout', { body: { refreshToken } });

export const requestPasswordReset = (username: string) => callApi('/auth/password-reset', { body: { username } });

export const completePasswordReset = (username: string, code: string, newPassword: string) =>
  callApi('/auth/password-reset/complete', { body: { username, code, newPassword } });

export const fetchMe = (accessToken: string) => json<Me>(callApi('/auth/me', { token: accessToken }));
