import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { mockFetch, problem } from '@/testing/fetch-mock';
import { renderWithClient } from '@/testing/render';

import { NewWorkForm } from '../components/new-work-form';
import { iswcCheckDigitIsValid } from '../lib/new-work';

test('the standard worked ISWC examples get their verdicts', () => {
  expect(iswcCheckDigitIsValid('T0345246801')).toBe(true);
  expect(iswcCheckDigitIsValid('T1234567894')).toBe(true);
  expect(iswcCheckDigitIsValid('T0345246802')).toBe(false);
});

test('a new work is created with its compact ISWC and handed on to be linked', async () => {
  const onCreated = jest.fn();
  const { calls } = mockFetch({
    'POST /api/v1/works': { status: 201, body: { id: 'w1', title: 'Night Drive' } },
  });
  renderWithClient(<NewWorkForm onCreated={onCreated} />);

  await userEvent.type(screen.getByRole('textbox', { name: 'Work title' }), 'Night Drive');
  await userEvent.type(screen.getByRole('textbox', { name: 'ISWC (optional)' }), 'T-034.524.680-1');
  await userEvent.click(screen.getByRole('button', { name: 'Create and link work' }));

  await waitFor(() => expect(onCreated).toHaveBeenCalledWith('w1'));
  expect(calls[0]?.body).toEqual({ title: 'Night Drive', iswc: 'T0345246801' });
});

test('an ISWC with a wrong check digit is refused beside the field and nothing is sent', async () => {
  const { calls } = mockFetch({});
  renderWithClient(<NewWorkForm onCreated={jest.fn()} />);

  await userEvent.type(screen.getByRole('textbox', { name: 'Work title' }), 'Night Drive');
  await userEvent.type(screen.getByRole('textbox', { name: 'ISWC (optional)' }), 'T-034.524.680-2');
  await userEvent.click(screen.getByRole('button', { name: 'Create and link work' }));

  expect(screen.getByRole('textbox', { name: 'ISWC (optional)' })).toHaveAccessibleDescription(
    'fails its check digit (the last digit)',
  );
  expect(calls).toHaveLength(0);
});

test("the server's refusal shows beside the field it names", async () => {
  const onCreated = jest.fn();
  mockFetch({
    'POST /api/v1/works': problem(422, 'title: is too long', 'title'),
  });
  renderWithClient(<NewWorkForm onCreated={onCreated} />);

  await userEvent.type(screen.getByRole('textbox', { name: 'Work title' }), 'Night Drive');
  await userEvent.click(screen.getByRole('button', { name: 'Create and link work' }));

  await waitFor(() =>
    expect(screen.getByRole('textbox', { name: 'Work title' })).toHaveAccessibleDescription(
      'is too long',
    ),
  );
  expect(onCreated).not.toHaveBeenCalled();
});
