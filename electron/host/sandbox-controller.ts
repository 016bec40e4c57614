import type { SandboxView } from '../../shared/contract.js';
import { Sandbox } from '../engine/sandbox/sandbox.js';
import type { Logger } from '../engine/util/logger.js';
import { HostError } from './errors.js';

/** Starts and stops the one local sandbox of this host and reports its state. */
export class SandboxController {
  private sandbox: Sandbox | undefined;
  private transition: Promise<unknown> | undefined;
  private demo = false;
  private message: string | null = null;
  private availability: boolean | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly onState: (view: SandboxView) => void,
  ) {}

  private get available(): boolean {
    this.availability ??= Sandbox.available();
    return this.availability;
  }

  view(): SandboxView {
    return {
      available: this.available,
      running: this.sandbox !== undefined,
      connectionString: this.sandbox?.connectionString ?? null,
      demo: this.sandbox ? this.demo : false,
      message: this.available ? this.message : Sandbox.installHint,
    };
  }

  private emit(): SandboxView {
    const view = this.view();
    this.onState(view);
    return view;
  }

  async start(demo: boolean): Promise<{ view: SandboxView; connectionString: string }> {
    await this.transition?.catch(() => undefined);
    if (this.sandbox) return { view: this.view(), connectionString: this.sandbox.connectionString };
    if (!this.available) throw new HostError('unavailable', Sandbox.installHint);
    this.message = 'starting a local ZooKeeper…';
    this.emit();
    const starting = Sandbox.start({ demo, logger: this.logger });
    this.transition = starting;
    try {
      this.sandbox = await starting;
      this.demo = demo;
      this.message = null;
    } catch (error) {
      this.message = `the sandbox did not start: ${(error as Error).message}`;
      this.emit();
      throw new HostError('unavailable', this.message);
    }
    return { view: this.emit(), connectionString: this.sandbox.connectionString };
  }

  async stop(): Promise<SandboxView> {
    await this.transition?.catch(() => undefined);
    const sandbox = this.sandbox;
    if (!sandbox) return this.view();
    this.sandbox = undefined;
    const stopping = sandbox.stop();
    this.transition = stopping;
    try {
      await stopping;
      this.message = null;
    } catch (error) {
      this.message = `the sandbox did not stop cleanly: ${(error as Error).message}`;
    }
    return this.emit();
  }
}
