import type { SeededProduct } from './catalog/seed.js';
import { customerActor, newcomer } from './journey.js';
import type { Journey } from './journey.js';
import { drawCity, drawMobile, drawName, drawPersona, drawStreetAddress } from './people.js';
import type { SimCustomer, World } from './world.js';
import { accepted, journeyOf } from './world.js';

/**
 * Fraud rings share a card and an address across accounts: what the risk model must notice. Ring `n` of the
 * simulation always has the same card token.
 */
const ringOf = (index: number): number => index % 3;

/**
 * Signs a new customer up, verifies the contact, saves an address and the consent choice: one journey, the
 * registration by a newcomer (no id yet), the rest by the customer. Null when refused.
 */
export const registerCustomer = async (world: World, index: number): Promise<SimCustomer | null> => {
  const { shop, sandbox } = world;
  const random = world.random.fork(`customer-${index}`);
  const persona = drawPersona(random, world.fraudShare);
  const contact = `sim-${world.seed}-${index}@example.com`;
  const signUp = journeyOf(world, `c${index}`, 'signup');
  const registered = await shop.identity.register({ contact, password: `simulated password ${index}` }, signUp.step(newcomer));
  if (!accepted(world, registered)) return null;
  const { userId } = registered.right;
  const asCustomer = () => signUp.step(customerActor(userId));
  const code = sandbox.outbox.codeSentTo(contact);
  if (code === null || !accepted(world, await shop.identity.verifyContact(userId, code, asCustomer()))) return null;
  const fraud = persona.kind === 'fraudster';
  const ringRandom = world.random.fork(`ring-${ringOf(index)}`);
  const city = fraud ? drawCity(ringRandom) : drawCity(random);
  const address = await shop.accounts.addAddress(
    userId,
    {
      recipientName: drawName(fraud ? ringRandom : random),
      phone: drawMobile(fraud ? ringRandom : random),
      region: { country: 'CN', province: city.province, city: city.city, district: random.pick(city.districts) },
      lines: fraud ? drawStreetAddress(ringRandom) : drawStreetAddress(random),
      postalCode: null,
      makeDefault: true,
    },
    asCustomer(),
  );
  if (!accepted(world, address)) return null;
  if (random.chance(0.15)) accepted(world, await shop.accounts.setConsent(userId, 'personalisation', false, asCustomer()));
  const categories = [...world.productsByCategory.keys()];
  world.stats.customers += 1;
  if (fraud) world.stats.fraudsters += 1;
  return {
    index,
    userId,
    persona,
    city,
    addressId: address.right.addressId,
    likes: fraud ? ['phones', 'laptops'].filter((c) => world.productsByCategory.has(c)) : random.sample(categories, random.int(1, 3)),
    card: fraud
      ? { token: `tok_ring_${world.seed}_${ringOf(index)}`, brand: 'visa', last4: String(4242 + ringOf(index)) }
      : { token: `tok_sim_${world.seed}_${index}`, brand: random.pick(['visa', 'mastercard', 'unionpay'] as const), last4: String(random.int(1000, 9999)) },
    random,
  };
};

const pickProduct = (world: World, customer: SimCustomer): SeededProduct => {
  const { random } = customer;
  const category = random.chance(0.8) && customer.likes.length > 0 ? random.pick(customer.likes) : random.pick([...world.productsByCategory.keys()]);
  const inCategory = world.productsByCategory.get(category) ?? world.products;
  // Fraudsters go for the dearest things they can resell.
  if (customer.persona.kind === 'fraudster') return [...inCategory].sort((a, b) => b.price - a.price)[random.int(0, Math.min(3, inCategory.length - 1))] as SeededProduct;
  return random.pick(inCategory);
};

/**
 * One visit: look around, maybe search and keep favourites, maybe fill the cart and check out. One journey, so
 * browsing, cart, checkout and payment share a correlation.
 */
export const visit = async (world: World, customer: SimCustomer): Promise<void> => {
  const { shop, stats } = world;
  const { random } = customer;
  const subject = { kind: 'customer', id: customer.userId } as const;
  const session = journeyOf(world, `c${customer.index}`, 'visit');
  const asCustomer = () => session.step(customerActor(customer.userId));
  stats.sessions += 1;
  if (random.chance(0.4)) {
    const product = pickProduct(world, customer);
    const query = random.chance(0.5) ? product.title.zh.split(' ').slice(0, 2).join(' ') : product.title.en.split(' ').slice(0, 2).join(' ');
    const found = await shop.search.products({ text: query, limit: 10 });
    if (accepted(world, found)) {
      stats.searches += 1;
      accepted(world, await shop.behaviour.recordSearch({ subject, query, resultCount: found.right.total }, asCustomer()));
    }
  }
  const looked: SeededProduct[] = [];
  for (let i = random.int(1, 5); i > 0; i--) {
    const product = pickProduct(world, customer);
    looked.push(product);
    if (accepted(world, await shop.behaviour.recordProductView({ subject, productId: product.productId, source: random.pick(['search', 'category', 'recommendation', 'direct'] as const) }, asCustomer()))) {
      stats.views += 1;
    }
    if (random.chance(0.08) && accepted(world, await shop.behaviour.favourite({ subject, productId: product.productId }, asCustomer()))) stats.favourites += 1;
  }
  const wanted = random.sample(looked, random.chance(customer.persona.checkoutChance) ? random.int(1, 2) : random.chance(0.3) ? 1 : 0);
  let filled = false;
  for (const product of wanted) {
    const quantity = customer.persona.kind === 'fraudster' ? random.int(1, 3) : 1;
    if (accepted(world, await shop.cart.addItem(customer.userId, { productId: product.productId, sku: product.sku, quantity }, asCustomer()))) {
      stats.cartAdds += 1;
      filled = true;
    }
  }
  if (!filled || !random.chance(customer.persona.checkoutChance)) return;
  if (random.chance(customer.persona.kind === 'fraudster' ? 0.6 : 0.15) && accepted(world, await shop.cart.applyCoupon(customer.userId, world.coupon, asCustomer()))) stats.couponsApplied += 1;
  await checkOut(world, customer, session);
};

const methods = [
  ['alipay', 45],
  ['wechat_pay', 35],
  ['unionpay', 5],
  ['card', 15],
] as const;

/**
 * Places the order and pays, as a customer does: most payments go through, some are declined or abandoned. The
 * provider's word on a payment is a step of the same visit, by the provider.
 */
const checkOut = async (world: World, customer: SimCustomer, session: Journey): Promise<void> => {
  const { shop, sandbox, stats } = world;
  const { random } = customer;
  const asCustomer = () => session.step(customerActor(customer.userId));
  const orderId = random.uuid();
  const placed = await shop.checkout.placeOrder(customer.userId, { shipTo: { addressId: customer.addressId }, orderId }, asCustomer());
  if (!accepted(world, placed)) {
    // A cart that cannot be checked out (out of stock, prices changed) is left for another day, emptied.
    accepted(world, await shop.cart.clear(customer.userId, asCustomer()));
    return;
  }
  stats.orders += 1;
  world.orders.set(orderId, { orderId, customer, stage: 'placed' });
  const fraud = customer.persona.kind === 'fraudster';
  for (let attempt = 0; attempt < 3; attempt++) {
    const method = fraud ? 'card' : random.weighted(methods);
    const declinedCard = fraud && random.chance(0.5);
    const card = method === 'card' ? { ...customer.card, token: declinedCard ? `tok_declined_${customer.card.token}` : customer.card.token } : undefined;
    const started = await shop.payments.start(orderId, { method, ...(card === undefined ? {} : { card }), attemptId: random.uuid() }, { customerId: customer.userId }, asCustomer());
    if (!accepted(world, started)) return;
    const { providerReference, outcome } = started.right;
    let declined: boolean;
    if (outcome !== undefined) {
      declined = outcome.kind === 'declined' || outcome.kind === 'expired';
    } else {
      const roll = random.next();
      if (roll < 0.06) {
        await sandbox.payments.timeOut(providerReference);
        stats.paymentsTimedOut += 1;
        return;
      }
      declined = roll < 0.12;
      const provider = session.step({ kind: 'integration', id: `payment-provider:${method}` });
      await (declined ? sandbox.payments.decline(providerReference, undefined, provider) : sandbox.payments.complete(providerReference, provider));
    }
    if (!declined) {
      stats.paymentsCompleted += 1;
      return;
    }
    stats.paymentsDeclined += 1;
    if (!random.chance(0.6)) return;
  }
};
