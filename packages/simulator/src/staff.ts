import { customerActor, staffActor } from './journey.js';
import type { SimCase, SimCustomer, SimOrder, World } from './world.js';
import { accepted, journeyOf } from './world.js';

const reasons = {
  return: ['no_reason', 'not_as_described', 'wrong_item'],
  exchange: ['wrong_item', 'quality_defect'],
  repair: ['malfunction', 'quality_defect'],
  complaint: ['late_delivery', 'service_attitude', 'damaged_in_transit'],
} as const;

/** A product is restocked overnight once what is left to sell falls below this share of its usual stock. */
const RESTOCK_BELOW = 0.25;

/**
 * The warehouse and customer service at the end of a day: risk reviews decided (staff see through the
 * simulation's fraudsters, as good staff would), paid orders shipped, after-sales cases moved along, and
 * products running low restocked. Each task is a journey of its own by the member of staff
 * (`sim-<seed>.d<day>.staff.<task>.<id>`), as each is a request of its own in a back office.
 */
export const staffWork = async (world: World, day: number): Promise<void> => {
  const { shop, stats } = world;
  const staff = staffActor(world.staffId);
  for (const order of world.orders.values()) {
    if (order.stage === 'done' || order.stage === 'shipped') continue;
    const state = await shop.orders.get(order.orderId);
    if (state === null) continue;
    if (state.status === 'cancelled' || state.status === 'completed') {
      order.stage = 'done';
      continue;
    }
    if (state.status === 'on_risk_hold') {
      const fraud = order.customer.persona.kind === 'fraudster';
      const decided = await shop.risk.decide(
        order.orderId,
        fraud ? { decision: 'reject', staffId: world.staffId, reason: 'card shared across accounts' } : { decision: 'release', staffId: world.staffId, note: 'known customer' },
        journeyOf(world, 'staff', 'risk', order.orderId).step(staff),
      );
      if (accepted(world, decided)) {
        if (fraud) stats.riskRejected += 1;
        else stats.riskReleased += 1;
      }
      continue;
    }
    if (state.status === 'paid') {
      if (accepted(world, await shop.shipping.shipOrder(order.orderId, { shipmentId: world.random.uuid() }, journeyOf(world, 'staff', 'ship', order.orderId).step(staff)))) {
        stats.shipments += 1;
        order.stage = 'shipped';
      }
    }
  }
  for (const simCase of world.cases.values()) await moveCase(world, simCase);
  await restock(world, day);
};

/**
 * Without it, a month with thousands of customers sells the demo catalog out by its middle and every later checkout
 * is refused: the history stops growing like a shop's. Products seeded sold out stay sold out (search's in-stock
 * filter needs some), and the delivery note names the day, so a day's restock is received once.
 */
const restock = async (world: World, day: number): Promise<void> => {
  const { shop, stats } = world;
  for (const product of world.products) {
    if (product.stock === 0) continue;
    const { available } = await shop.inventory.stock(product.sku);
    if (available >= product.stock * RESTOCK_BELOW) continue;
    const received = await shop.inventory.receiveStock(
      { sku: product.sku, quantity: product.stock - available, reference: `restock-${product.key}-day-${day + 1}` },
      journeyOf(world, 'staff', 'restock', product.key).step(staffActor(world.staffId)),
    );
    if (accepted(world, received)) stats.restocks += 1;
  }
};

/** A case's step: staff decide, receive and resolve; the customer sends the parcel back, a journey of their own. */
const moveCase = async (world: World, simCase: SimCase): Promise<void> => {
  const { shop } = world;
  const { random } = simCase.customer;
  const task = journeyOf(world, 'staff', 'case', simCase.caseId);
  const staff = staffActor(world.staffId);
  switch (simCase.stage) {
    case 'opened': {
      const abusive = simCase.customer.persona.kind === 'fraudster' || (simCase.customer.persona.kind === 'returner' && random.chance(0.3));
      const decided = await shop.afterSales.decide(
        simCase.caseId,
        abusive ? { decision: 'reject', staffId: world.staffId, reason: 'outside the policy' } : { decision: 'approve', staffId: world.staffId },
        task.step(staff),
      );
      if (!accepted(world, decided) || abusive) {
        simCase.stage = 'done';
        return;
      }
      if (simCase.kind === 'complaint') {
        accepted(world, await shop.afterSales.resolve(simCase.caseId, { kind: 'resolve_complaint', resolution: '已致歉并改进配送' }, task.step(staff)));
        simCase.stage = 'done';
        return;
      }
      simCase.stage = 'approved';
      return;
    }
    case 'approved': {
      const sent = await shop.afterSales.recordReturnParcel(
        simCase.customer.userId,
        simCase.caseId,
        { carrier: 'SF', waybillNumber: `SF${random.int(10_000_000, 99_999_999)}` },
        journeyOf(world, `c${simCase.customer.index}`, 'return-parcel', simCase.caseId).step(customerActor(simCase.customer.userId)),
      );
      simCase.stage = accepted(world, sent) ? 'sent_back' : 'done';
      return;
    }
    case 'sent_back': {
      const received = await shop.afterSales.receiveItem(simCase.caseId, { staffId: world.staffId, condition: 'as_described' }, task.step(staff));
      if (accepted(world, received) && simCase.kind !== 'return') {
        const resolution = simCase.kind === 'exchange' ? ({ kind: 'ship_replacement' } as const) : ({ kind: 'return_repaired', repairNote: '更换主板' } as const);
        accepted(world, await shop.afterSales.resolve(simCase.caseId, resolution, task.step(staff)));
      }
      simCase.stage = 'done';
      return;
    }
    case 'done':
      return;
  }
};

/**
 * A customer whose parcel arrived: confirms receipt, reviews, and now and then opens an after-sales case, in a
 * journey of their own about the order.
 */
export const afterDelivery = async (world: World, order: SimOrder): Promise<void> => {
  const { shop, stats } = world;
  const customer: SimCustomer = order.customer;
  const { random, persona } = customer;
  const morning = journeyOf(world, `c${customer.index}`, 'order', order.orderId);
  const asCustomer = () => morning.step(customerActor(customer.userId));
  const state = await shop.orders.get(order.orderId);
  if (state === null || (state.status !== 'delivered' && state.status !== 'shipped' && state.status !== 'completed')) return;
  const line = state.lines[0];
  if (state.status === 'delivered' && line !== undefined && random.chance(persona.caseChance)) {
    const kind = random.weighted([
      ['return', 60],
      ['exchange', 15],
      ['repair', 10],
      ['complaint', 15],
    ] as const);
    const caseId = random.uuid();
    const opened = await shop.afterSales.open(
      customer.userId,
      { caseId, orderId: order.orderId, kind, reason: random.pick(reasons[kind]), description: '模拟售后申请', lines: [{ lineId: line.lineId, quantity: 1 }] },
      asCustomer(),
    );
    if (accepted(world, opened)) {
      stats.cases[kind] += 1;
      world.cases.set(caseId, { caseId, customer, kind, stage: 'opened' });
      order.stage = 'done';
      return;
    }
  }
  if (state.status === 'delivered' && random.chance(0.7)) {
    if (accepted(world, await shop.orders.confirmReceipt(customer.userId, order.orderId, asCustomer()))) stats.receiptsConfirmed += 1;
  }
  if (line !== undefined && line.delivered && random.chance(persona.reviewChance)) {
    const rating = random.int(persona.ratings[0], persona.ratings[1]);
    const text = rating >= 4 ? '质量很好，物流很快，推荐购买。' : rating === 3 ? '一般，还可以。' : '不太满意，和描述有差距。';
    if (accepted(world, await shop.reviews.post(customer.userId, { orderId: order.orderId, lineId: line.lineId, rating, text }, asCustomer()))) stats.reviews += 1;
  }
  if (state.status !== 'shipped') order.stage = 'done';
};
