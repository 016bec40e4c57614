import { describe, expect, it } from 'vitest';
import { allowedOrigins, urlHostFor } from '../../electron/web/auth.js';

const machine = { hostname: 'devbox', addresses: ['devbox', 'localhost', '127.0.0.1', '10.1.2.3', 'fd00::5'] };

describe('web mode origins', () => {
  it('bound to loopback, accepts only the loopback names', () => {
    expect([...allowedOrigins('127.0.0.1', 8080, machine)].sort()).toEqual(['http://127.0.0.1:8080', 'http://localhost:8080']);
  });

  it('bound to one address, accepts only that address', () => {
    expect([...allowedOrigins('10.1.2.3', 8080, machine)]).toEqual(['http://10.1.2.3:8080']);
  });

  it('bound to every interface, accepts each name and address of this machine, and prints its name', () => {
    const origins = allowedOrigins('0.0.0.0', 8080, machine);
    expect(origins.has('http://10.1.2.3:8080')).toBe(true);
    expect(origins.has('http://devbox:8080')).toBe(true);
    expect(origins.has('http://[fd00::5]:8080')).toBe(true);
    expect(origins.has('http://evil.example:8080')).toBe(false);
    expect(urlHostFor('0.0.0.0', 'devbox')).toBe('devbox');
    expect(urlHostFor('::1')).toBe('[::1]');
    expect(urlHostFor('127.0.0.1')).toBe('127.0.0.1');
  });
});
