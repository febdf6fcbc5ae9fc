import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { getSession } from '@/lib/session';
import { mockFetch } from '@/testing/fetch-mock';

import { SignInForm } from '../components/sign-in-form';

const jwt = (claims: object) => `h.${btoa(JSON.stringify(claims)).replace(/=+$/, '')}.s`;

test('signing in stores the session with the role from the token (no refresh token: a cookie)', async () => {
  const { calls } = mockFetch({
    'POST /auth/login': {
      body: { access_token: jwt({ role: 'label' }), token_type: 'Bearer', expires_in: 300 },
    },
  });
  const onSignedIn = jest.fn();
  render(<SignInForm onSignedIn={onSignedIn} />);

  await userEvent.type(screen.getByLabelText('E-mail'), 'anna@label.example');
  await userEvent.type(screen.getByLabelText('Password'), 'correct horse battery');
  await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

  await waitFor(() => expect(onSignedIn).toHaveBeenCalled());
  expect(calls[0]?.body).toEqual({
    email: 'anna@label.example',
    password: 'correct horse battery',
  });
  expect(getSession()).toMatchObject({
    email: 'anna@label.example',
    role: 'label',
    refreshToken: null,
  });
});

test('a wrong password is said beside the form', async () => {
  mockFetch({
    'POST /auth/login': {
      status: 401,
      body: { title: 'Unauthorized', status: 401, detail: 'the e-mail or password is wrong' },
    },
  });
  render(<SignInForm onSignedIn={() => undefined} />);

  await userEvent.type(screen.getByLabelText('E-mail'), 'anna@label.example');
  await userEvent.type(screen.getByLabelText('Password'), 'nope');
  await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

  expect(await screen.findByRole('alert')).toHaveTextContent('the e-mail or password is wrong');
  expect(getSession()).toBeNull();
});

test('an e-mail that is not one is refused before asking the server', async () => {
  const { calls } = mockFetch({});
  render(<SignInForm onSignedIn={() => undefined} />);

  await userEvent.type(screen.getByLabelText('E-mail'), 'anna');
  await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

  expect(screen.getByText('Enter the e-mail address you were invited with')).toBeInTheDocument();
  expect(screen.getByText('Enter your password')).toBeInTheDocument();
  expect(calls).toHaveLength(0);
});
