import type { DeliveryExceptionKind, Place, TrackingCode } from '../model.js';
import type { ServedCity } from './network.js';
import { gatewayOf } from './network.js';

/** How the sandbox plays out a parcel. `normal` delivers; the others rehearse the exceptions a shop must handle. */
export type SandboxScenario = 'normal' | 'delivery_attempt_failed' | 'address_problem' | 'damaged' | 'lost' | 'returned_to_sender';

/** One carrier event to come, `afterMs` after the one before it. */
export interface PlannedStep {
  readonly kind: 'event';
  readonly afterMs: number;
  readonly code: TrackingCode;
  readonly exception?: DeliveryExceptionKind;
  readonly location: Place;
  readonly description: string;
  /** The event carries a fresh delivery estimate, worked out from the steps still to come. */
  readonly revisesEstimate?: boolean;
}

/** The parcel waits here until the test (or the merchant, through the sandbox) resolves the problem. */
export interface HoldStep {
  readonly kind: 'hold';
}

export type RouteStep = PlannedStep | HoldStep;

const HOUR = 3_600_000;

const at = (city: ServedCity, facility: string): Place => ({ city: city.city, province: city.province, facility });

const step = (afterHours: number, code: TrackingCode, location: Place, description: string, extra: Partial<PlannedStep> = {}): PlannedStep => ({
  kind: 'event',
  afterMs: afterHours * HOUR,
  code,
  location,
  description,
  ...extra,
});

/** The hubs between origin and destination: through both regions' gateways when the parcel changes region. */
const hubsBetween = (origin: ServedCity, destination: ServedCity): ServedCity[] => {
  if (origin.city === destination.city) return [origin];
  if (origin.region === destination.region) return [origin, destination];
  const chain = [origin, gatewayOf(origin.region), gatewayOf(destination.region), destination];
  return chain.filter((c, i) => i === 0 || c.city !== chain[i - 1]?.city);
};

/** The carrier events a parcel from `origin` to `destination` goes through under a scenario, in order. */
export const planRoute = (origin: ServedCity, destination: ServedCity, scenario: SandboxScenario): RouteStep[] => {
  const hubs = hubsBetween(origin, destination);
  const station = at(destination, `${destination.city}城区营业部`);
  const longHaul = origin.region !== destination.region;
  const steps: RouteStep[] = [step(2, 'picked_up', at(origin, `${origin.city}揽收网点`), `【${origin.city}市】快件已由揽收员揽收`)];

  hubs.forEach((hub, i) => {
    const travel = i === 0 ? 3 : longHaul ? 14 : 6;
    steps.push(step(travel, 'in_transit', at(hub, hub.hub), `快件已到达【${hub.hub}】`));
    if (i === 0 && scenario === 'damaged') {
      steps.push(step(1, 'exception', at(hub, hub.hub), '外包装破损，分拣中心正在重新包装', { exception: 'damaged' }));
      steps.push(step(3, 'exception_resolved', at(hub, hub.hub), '已重新加固包装，继续转运', { revisesEstimate: true }));
    }
    const next = hubs[i + 1];
    steps.push(step(2, 'in_transit', at(hub, hub.hub), `快件已从【${hub.hub}】发出，下一站【${next ? next.hub : station.facility ?? destination.city}】`));
    if (i === 0 && scenario === 'lost') {
      steps.push(step(20, 'exception', at(hub, hub.hub), '快件在运输途中未按时到达下一站，正在查找', { exception: 'lost' }));
      steps.push({ kind: 'hold' });
      steps.push(step(1, 'exception_resolved', at(hub, hub.hub), '快件已找到，继续转运', { revisesEstimate: true }));
    }
  });

  steps.push(step(4, 'in_transit', station, `快件已到达【${station.facility ?? destination.city}】`));
  if (scenario === 'address_problem') {
    steps.push(step(1, 'exception', station, '收件地址不详，已联系寄件人确认地址', { exception: 'address_problem' }));
    steps.push({ kind: 'hold' });
    steps.push(step(1, 'exception_resolved', station, '地址已更正，恢复派送', { revisesEstimate: true }));
  }
  steps.push(step(3, 'out_for_delivery', station, '快件正在派送中，请保持电话畅通'));

  if (scenario === 'delivery_attempt_failed') {
    steps.push(step(3, 'exception', station, '派送不成功：收件人电话无人接听，将于次日再次派送', { exception: 'delivery_attempt_failed', revisesEstimate: true }));
    steps.push(step(18, 'out_for_delivery', station, '快件正在第二次派送中，请保持电话畅通'));
  }
  if (scenario === 'returned_to_sender') {
    const home = at(origin, origin.hub);
    steps.push(step(3, 'exception', station, '收件人拒收，快件将退回寄件人', { exception: 'refused' }));
    steps.push(step(4, 'in_transit', station, `快件退回中，已发往【${origin.hub}】`));
    steps.push(step(longHaul ? 30 : 12, 'in_transit', home, `退回快件已到达【${origin.hub}】`));
    steps.push(step(8, 'returned_to_sender', at(origin, `${origin.city}揽收网点`), '退回快件已由寄件人签收'));
    return steps;
  }
  steps.push(step(3, 'delivered', station, '快件已签收，感谢使用沙盒快递'));
  return steps;
};

/** Time from the step after `from` until delivery, skipping holds; null when the plan does not end in delivery. */
export const timeToDelivery = (steps: readonly RouteStep[], from: number): number | null => {
  let total = 0;
  for (let i = from; i < steps.length; i++) {
    const s = steps[i];
    if (!s || s.kind === 'hold') continue;
    total += s.afterMs;
    if (s.code === 'delivered') return total;
  }
  return null;
};
