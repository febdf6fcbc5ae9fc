import { currentNotifications, notify } from '@/lib/notifications';

test('errors stay until dismissed, confirmations go away by themselves', () => {
  jest.useFakeTimers();
  notify({ kind: 'error', title: 'Refused' });
  notify({ kind: 'success', title: 'Saved' });
  notify({
    kind: 'success',
    title: 'Bulk change',
    action: { label: 'Undo', run: () => undefined },
  });

  jest.advanceTimersByTime(10_000);
  expect(currentNotifications().map((item) => item.title)).toEqual(['Refused', 'Bulk change']);
  jest.advanceTimersByTime(15_000);
  expect(currentNotifications().map((item) => item.title)).toEqual(['Refused']);
  jest.useRealTimers();
});
