import '@testing-library/jest-dom';

import { clearNotifications } from '@/lib/notifications';
import { setSession } from '@/lib/session';

// jsdom has no layout: give every element a size so the virtualised grid renders rows, and a
// ResizeObserver that reports it once.
class ResizeObserverStub {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element) {
    this.callback(
      [{ target, contentRect: target.getBoundingClientRect() } as ResizeObserverEntry],
      this as unknown as ResizeObserver,
    );
  }
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver = ResizeObserverStub as unknown as typeof ResizeObserver;
Object.defineProperty(HTMLElement.prototype, 'offsetHeight', {
  configurable: true,
  get: () => 400,
});
Object.defineProperty(HTMLElement.prototype, 'offsetWidth', {
  configurable: true,
  get: () => 1000,
});
Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
  configurable: true,
  get: () => 400,
});
Element.prototype.scrollTo = function scrollTo() {};
Element.prototype.getBoundingClientRect = function rect() {
  return {
    x: 0,
    y: 0,
    top: 0,
    left: 0,
    bottom: 400,
    right: 1000,
    width: 1000,
    height: 400,
    toJSON: () => ({}),
  } as DOMRect;
};

beforeEach(() => {
  setSession(null);
  clearNotifications();
});
