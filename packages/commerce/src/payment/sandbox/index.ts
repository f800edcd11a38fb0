export { SandboxControlError, sandboxProvider } from './engine.js';
export type { SandboxControlRefusal } from './engine.js';
export type { MethodProfile, NotificationSink, SandboxConfig, SandboxControl, SandboxFailure, SandboxProvider, SandboxScenario, SandboxTransaction } from './types.js';
export { alipayProfile, alipaySandbox, cardProfile, cardSandbox, unionPayProfile, unionPaySandbox, wechatPayProfile, wechatPaySandbox } from './methods.js';
export { DEFAULT_SANDBOX_BASE_URL, SANDBOX_PAGE_PATHS, WECHAT_REFERENCE_PREFIX, sandboxPageUrl, wechatQrPayload, wechatReferenceOf } from './pages.js';
export { notificationQueue } from './queue.js';
export type { NotificationQueue } from './queue.js';
export { NotificationBody, SIGNATURE_HEADER, TIMESTAMP_HEADER, signNotification, signature, verifySignedNotification } from './wire.js';
export type { SignedNotification } from './wire.js';
