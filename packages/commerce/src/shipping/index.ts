// Model
export { DeliveryExceptionKind, Instant, Place, ShipmentLine, ShipmentStatus, TrackingCode, TrackingEvent } from './model.js';
export { compareKeys, finalStatuses, isFinal, statusOfCode, statusRank } from './status.js';
export type { CarrierStatus, TrackingKey } from './status.js';

// Events
export {
  DeliveryAddressCorrected,
  DeliveryExceptionRaised,
  DeliveryExceptionResolved,
  EstimatedDeliveryRevised,
  ExceptionResolution,
  ShipmentCancelled,
  ShipmentCreated,
  ShipmentDeclaredLost,
  ShipmentDelivered,
  ShipmentReturnedToSender,
  ShipmentStatusAdvanced,
  TrackingCheckpointRecorded,
  WaybillAssigned,
  shippingEvents,
} from './events.js';
export type { ShippingEvent, ShippingEventType } from './events.js';

// Commands, errors, decider
export { AssignWaybill, CancelShipment, CorrectDeliveryAddress, CreateShipment, DeclareShipmentLost, RecordTrackingEvents, ShippingCommand } from './commands.js';
export type { ShippingError, ShippingErrorTag } from './errors.js';
export { shipmentDecider } from './decider.js';
export type { OpenException, Shipment, ShipmentState, TimelineEntry } from './shipment.js';
export { firstScanAt } from './shipment.js';

// Carrier port, signatures, sandbox
export { TrackingNotification } from './carrier.js';
export type { Carrier, CarrierError, NotificationRejection, SignedNotification, Waybill, WaybillRequest } from './carrier.js';
export { signNotification, verifySignature } from './signature.js';
export type { SignatureCheck } from './signature.js';
export { sandboxCarrier } from './sandbox/sandboxCarrier.js';
export type { DeliveryQuirks, SandboxCarrier, SandboxCarrierOptions } from './sandbox/sandboxCarrier.js';
export type { SandboxScenario } from './sandbox/route.js';
export { servedCities } from './sandbox/network.js';

// Application service
export { shipmentStream, shippingService } from './service.js';
export type { DispatchError, DispatchInput, NotificationError, NotificationOutcome, ShippingService, ShippingServiceConfig } from './service.js';
