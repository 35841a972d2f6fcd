// Runtime: Node (tests only). A stand-in for the `electron` module, bundled in place of the real one so the main
// process's startup, IPC, security hooks and quit flush run under plain Node where Electron's binary cannot.
// It logs what the main process does as `STAND-IN {json}` lines on stdout and takes commands as JSON lines on stdin.
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

type Json = Record<string, unknown>;

function log(entry: Json): void {
  process.stdout.write(`STAND-IN ${JSON.stringify(entry)}\n`);
}

interface StandInEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
  url?: string;
}

function createEvent(extra: Json = {}): StandInEvent {
  return {
    ...extra,
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

let isReady = false;
let isOnline = true;

class StandInApp extends EventEmitter {
  readonly isPackaged = false;
  getAppPath(): string {
    return process.env['STAND_IN_APP_PATH'] ?? process.cwd();
  }
  requestSingleInstanceLock(): boolean {
    return process.env['STAND_IN_SECOND_INSTANCE'] !== '1';
  }
  whenReady(): Promise<void> {
    return new Promise((resolvePromise) =>
      setImmediate(() => {
        isReady = true;
        resolvePromise();
      }),
    );
  }
  setAppUserModelId(): void {}
  quit(): void {
    const event = createEvent();
    this.emit('before-quit', event);
    log({ type: 'quit-requested', prevented: event.defaultPrevented });
    if (!event.defaultPrevented) this.exit(0);
  }
  exit(code = 0): void {
    log({ type: 'exit', code });
    process.exit(code);
  }
}

export const app = new StandInApp();

const protocolHandlers = new Map<string, (request: Request) => Response | Promise<Response>>();
export const protocol = {
  registerSchemesAsPrivileged(schemes: unknown): void {
    log({ type: 'register-schemes', schemes, isReady });
  },
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    protocolHandlers.set(scheme, handler);
    log({ type: 'protocol-handle', scheme });
  },
};

type PermissionCheck = (webContents: unknown, permission: string, origin: string) => boolean;
let permissionCheck: PermissionCheck | null = null;
const defaultSession = Object.assign(new EventEmitter(), {
  setPermissionRequestHandler(): void {
    log({ type: 'permission-request-handler' });
  },
  setPermissionCheckHandler(handler: PermissionCheck): void {
    permissionCheck = handler;
    log({ type: 'permission-check-handler' });
  },
  setDevicePermissionHandler(): void {
    log({ type: 'device-permission-handler' });
  },
});
export const session = { defaultSession };

type InvokeHandler = (event: unknown, payload: unknown) => Promise<unknown>;
const ipcHandlers = new Map<string, InvokeHandler>();
export const ipcMain = {
  handle(channel: string, handler: InvokeHandler): void {
    ipcHandlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    ipcHandlers.delete(channel);
  },
};

class StandInWebContents extends EventEmitter {
  sentCount = 0;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  send(channel: string): void {
    this.sentCount += 1;
    if (this.sentCount === 1) log({ type: 'first-event-sent', channel });
  }
  isDestroyed(): boolean {
    return false;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

const windows: StandInBrowserWindow[] = [];
class StandInBrowserWindow extends EventEmitter {
  readonly webContents = new StandInWebContents();
  private isVisible = false;
  constructor(options: Json) {
    super();
    windows.push(this);
    log({ type: 'window-created', options });
    app.emit('web-contents-created', createEvent(), this.webContents);
    setImmediate(() => this.emit('ready-to-show'));
  }
  async loadURL(url: string): Promise<void> {
    log({ type: 'window-load', url });
  }
  show(): void {
    this.isVisible = true;
    log({ type: 'window-show' });
  }
  hide(): void {
    this.isVisible = false;
    log({ type: 'window-hide' });
  }
  focus(): void {}
  restore(): void {}
  isMinimized(): boolean {
    return false;
  }
  isDestroyed(): boolean {
    return false;
  }
  get visible(): boolean {
    return this.isVisible;
  }
}
export const BrowserWindow = StandInBrowserWindow;

export const dialog = {
  showErrorBox(title: string, content: string): void {
    log({ type: 'error-box', title, content });
  },
};

export const net = {
  isOnline: (): boolean => isOnline,
};

export const powerMonitor = new EventEmitter();

let nextBlockerId = 1;
export const powerSaveBlocker = {
  start(type: string): number {
    const id = nextBlockerId++;
    log({ type: 'power-blocker-start', blockerType: type, id });
    return id;
  },
  stop(id: number): boolean {
    log({ type: 'power-blocker-stop', id });
    return true;
  },
};

export const shell = {
  async openPath(path: string): Promise<string> {
    log({ type: 'shell-open-path', path });
    return '';
  },
  showItemInFolder(path: string): void {
    log({ type: 'shell-show-item', path });
  },
  async openExternal(url: string): Promise<void> {
    log({ type: 'shell-open-external', url });
  },
};

export const Menu = {
  buildFromTemplate(template: Array<Json>): { template: Array<Json> } {
    return { template };
  },
  setApplicationMenu(menu: { template: Array<Json> }): void {
    log({ type: 'application-menu', entries: menu.template.map((entry) => entry['label'] ?? entry['role']) });
  },
};

export class Tray extends EventEmitter {
  constructor() {
    super();
    log({ type: 'tray-created' });
  }
  setToolTip(text: string): void {
    log({ type: 'tray-tooltip', text });
  }
  setContextMenu(): void {}
  destroy(): void {
    log({ type: 'tray-destroyed' });
  }
}

export const nativeImage = {
  createFromPath(path: string): { isEmpty(): boolean } {
    return { isEmpty: () => !existsSync(path) };
  },
};

export class Notification extends EventEmitter {
  static isSupported(): boolean {
    return true;
  }
  constructor(private readonly options: { title: string; body: string }) {
    super();
  }
  show(): void {
    log({ type: 'notification', title: this.options.title, body: this.options.body });
  }
}

async function runCommand(command: Json): Promise<Json> {
  switch (command['type']) {
    case 'invoke': {
      const handler = ipcHandlers.get(String(command['channel']));
      if (handler === undefined) return { error: 'no handler' };
      const parent = command['isSubframe'] === true ? {} : null;
      return { result: await handler({ senderFrame: { url: command['frameUrl'], parent } }, command['payload']) };
    }
    case 'channels':
      return { channels: [...ipcHandlers.keys()] };
    case 'fetch': {
      const url = new URL(String(command['url']));
      const handler = protocolHandlers.get(url.protocol.slice(0, -1));
      if (handler === undefined) return { error: 'no protocol handler' };
      const response = await handler(new Request(url));
      return { status: response.status, contentType: response.headers.get('content-type'), csp: response.headers.get('content-security-policy'), body: await response.text() };
    }
    case 'permission':
      return { granted: permissionCheck?.(null, String(command['permission']), String(command['origin'])) ?? null };
    case 'navigate': {
      const event = createEvent({ url: command['url'] });
      windows[0]?.webContents.emit('will-navigate', event);
      return { prevented: event.defaultPrevented };
    }
    case 'window-open':
      return { answer: windows[0]?.webContents.windowOpenHandler?.({ url: String(command['url']) }) ?? null };
    case 'close-window': {
      const event = createEvent();
      windows[0]?.emit('close', event);
      return { prevented: event.defaultPrevented };
    }
    case 'second-instance':
      app.emit('second-instance', createEvent(), command['argv'], process.cwd(), {});
      return {};
    case 'set-online':
      isOnline = command['value'] === true;
      powerMonitor.emit('resume');
      return {};
    case 'quit':
      app.quit();
      return {};
    default:
      return { error: `unknown command ${String(command['type'])}` };
  }
}

const commands = createInterface({ input: process.stdin });
commands.on('line', (line) => {
  const command = JSON.parse(line) as Json;
  runCommand(command).then(
    (reply) => log({ type: 'reply', id: command['id'], ...reply }),
    (error: unknown) => log({ type: 'reply', id: command['id'], error: error instanceof Error ? error.message : String(error) }),
  );
});
