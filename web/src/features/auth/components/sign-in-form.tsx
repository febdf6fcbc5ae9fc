'use client';

import { useState, type FormEvent } from 'react';
import { z } from 'zod';

import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import { errorText } from '@/lib/problem';

import { signIn } from '../api/sign-in';

const SignInSchema = z.object({
  email: z.string().trim().email('Enter the e-mail address you were invited with'),
  password: z.string().min(1, 'Enter your password'),
});

type FieldErrors = Partial<Record<'email' | 'password', string>>;

export function SignInForm({ onSignedIn }: { onSignedIn: () => void }) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = SignInSchema.safeParse({
      email: form.get('email'),
      password: form.get('password'),
    });
    setFailure(null);
    if (!parsed.success) {
      const flat = parsed.error.flatten().fieldErrors;
      setErrors({ email: flat.email?.[0], password: flat.password?.[0] });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await signIn(parsed.data.email, parsed.data.password);
      onSignedIn();
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      className="flex w-full max-w-sm flex-col gap-4"
      aria-label="Sign in"
    >
      <TextField
        label="E-mail"
        name="email"
        type="email"
        autoComplete="username"
        error={errors.email}
        required
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        error={errors.password}
        required
      />
      {failure && (
        <p
          role="alert"
          className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-900"
        >
          {failure}
        </p>
      )}
      <Button type="submit" variant="primary" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
