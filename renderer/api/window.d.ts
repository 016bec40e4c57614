import type { RangerApi } from '../../shared/contract';

declare global {
  interface Window {
    /** The preload's narrow, typed API; absent in a browser tab (web mode). */
    ranger?: RangerApi;
  }
}

export {};
