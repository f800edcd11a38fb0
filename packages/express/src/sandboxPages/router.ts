import { randomBytes } from 'node:crypto';
import express from 'express';
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { SANDBOX_PAGE_PATHS, SandboxControlError, wechatReferenceOf } from '@shopstream/commerce/payment';
import type { PaymentMethod, SandboxTransaction } from '@shopstream/commerce/payment';
import type { ShopSandbox } from '@shopstream/sdk';
import { PAGE_COOKIE, pageGuard } from './guard.js';
import type { ChoiceRefusal, PageGuard } from './guard.js';
import { requestIdOf } from '../http/requestId.js';
import { htmlDocument, PROVIDER_PAGES } from './html.js';
import { safeReturnUrl } from './returnUrl.js';
import { badChoicePage, outcomePage, paymentPage, refusedChoicePage, settledPaymentPage, unknownPaymentPage } from './views.js';
import type { Choice, Page } from './views.js';

/** Where a page's forms post the customer's choice, below the router's mount path. */
export const CHOICE_PATH = 'sandbox/pages';

const REFERENCE = /^[A-Za-z0-9._:-]{1,128}$/;

const ChoiceForm = z.object({
  token: z.string().max(128).default(''),
  choice: z.enum(['pay', 'decline', 'leave', 'close']),
  reason: z.string().max(64).optional(),
});

const REFUSALS: Readonly<Record<ChoiceRefusal, string>> = {
  cross_site: 'The choice was sent from another site. Only the payment page itself may send it.',
  missing_cookie: "The choice came without the page's cookie: it was not sent from the payment page in this browser.",
  bad_token: "The choice did not carry this payment page's token.",
};

/** Sends a page under a policy that allows its own inline style and form posts to itself and the shop's return address. */
const send = (res: Response, page: Page): void => {
  const nonce = randomBytes(16).toString('base64');
  // form-action also governs where a form's redirect may lead, so the return address's origin is allowed too.
  const formAction = ["'self'", ...(page.returnTo ? [page.returnTo.origin] : [])].join(' ');
  res.setHeader('Content-Security-Policy', `default-src 'none'; style-src 'nonce-${nonce}'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`);
  res.status(page.status).type('html').send(htmlDocument(page.title, nonce, page.main));
};

const first = (value: unknown): string | undefined => (typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined);

/**
 * The sandbox providers' own pages, as their test modes serve them: the Alipay cashier, the UnionPay front
 * endpoint its auto-submitted form posts to, the card issuer's 3-D Secure challenge and what WeChat shows after
 * scanning the QR payload. Each shows the payment from the sandbox's own record (never from the address) and
 * offers the customer's choices; a choice plays out through the sandbox controls (`shop.sandbox.payments`),
 * which send the signed notification, then the browser goes back to the return address the shop gave.
 */
export const sandboxPages = (sandbox: ShopSandbox, guard: PageGuard = pageGuard()): Router => {
  const router = express.Router({ strict: false, caseSensitive: true });
  const forms = express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 20 });

  const find = (reference: string | undefined, method?: PaymentMethod): SandboxTransaction | undefined => {
    if (reference === undefined || !REFERENCE.test(reference)) return undefined;
    const transaction = sandbox.payments.transaction(reference);
    // A provider shows only its own payments, found by its own reference.
    return transaction !== undefined && transaction.providerReference === reference && (method === undefined || transaction.method === method) ? transaction : undefined;
  };

  const show = (req: Request, res: Response, method: PaymentMethod, reference: string | undefined): void => {
    const transaction = find(reference, method);
    if (transaction === undefined) return send(res, unknownPaymentPage(reference ?? ''));
    if (transaction.status !== 'pending') return send(res, settledPaymentPage(transaction));
    const { token, setNonce } = guard.issue(req.get('cookie'), transaction.providerReference);
    if (setNonce !== undefined) res.cookie(PAGE_COOKIE, setNonce, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', maxAge: 86_400_000 });
    const action = `${req.baseUrl}/${CHOICE_PATH}/${encodeURIComponent(transaction.providerReference)}`;
    send(res, paymentPage(transaction, { action, token, returnUrl: safeReturnUrl(transaction.returnUrl) }));
  };

  router.get(`/${SANDBOX_PAGE_PATHS.alipay}`, (req, res) => show(req, res, 'alipay', first(req.query['trade_no'])));
  router.get(`/${SANDBOX_PAGE_PATHS.wechat_pay}`, (req, res) => {
    const pr = first(req.query['pr']);
    show(req, res, 'wechat_pay', pr === undefined ? undefined : wechatReferenceOf(pr));
  });
  router.get(`/${SANDBOX_PAGE_PATHS.card}/:reference`, (req, res) => show(req, res, 'card', req.params['reference']));
  // The shop's page auto-submits its form here from its own origin: showing the page changes nothing.
  router.post(`/${SANDBOX_PAGE_PATHS.unionpay}`, forms, (req, res) => show(req, res, 'unionpay', first((req.body as Record<string, unknown> | undefined)?.['tn'])));
  router.get(`/${SANDBOX_PAGE_PATHS.unionpay}`, (req, res) => show(req, res, 'unionpay', first(req.query['tn'])));

  router.post(`/${CHOICE_PATH}/:reference`, forms, async (req, res) => {
    const transaction = find(req.params['reference']);
    if (transaction === undefined) return send(res, unknownPaymentPage(req.params['reference'] ?? ''));
    const form = ChoiceForm.safeParse(req.body ?? {});
    if (!form.success) return send(res, badChoicePage('Choose pay, decline (with a reason), leave or close.'));
    const refusal = guard.check({ cookie: req.get('cookie'), fetchSite: req.get('sec-fetch-site') }, transaction.providerReference, form.data.token);
    if (refusal !== null) return send(res, refusedChoicePage(REFUSALS[refusal]));
    if (transaction.status !== 'pending') return send(res, settledPaymentPage(transaction));
    const { choice, reason } = form.data;
    if (choice === 'decline' && !PROVIDER_PAGES[transaction.method].declines.some(([code]) => code === reason)) {
      return send(res, badChoicePage(`Decline with one of the reasons the page offers, not ${JSON.stringify(reason ?? '')}.`));
    }
    const reference = transaction.providerReference;
    // The customer's choice is this request: what the provider's notification records carries its X-Request-Id.
    const requestId = requestIdOf(res);
    const served = requestId === '' ? {} : { metadata: { correlationId: requestId } };
    const plays: Readonly<Record<Choice, () => Promise<SandboxTransaction>>> = {
      pay: () => sandbox.payments.complete(reference, served),
      decline: () => sandbox.payments.decline(reference, reason, served),
      leave: () => sandbox.payments.timeOut(reference),
      close: () => sandbox.payments.expire(reference, served),
    };
    try {
      await plays[choice]();
    } catch (error) {
      // Another tab chose first: the sandbox refuses as its controls do.
      if (!(error instanceof SandboxControlError)) throw error;
      return send(res, error.refusal._tag === 'UnknownSandboxTransaction' ? unknownPaymentPage(reference) : settledPaymentPage(transaction));
    }
    const returnUrl = safeReturnUrl(transaction.returnUrl);
    if (returnUrl !== null) return res.redirect(303, returnUrl.toString());
    send(res, outcomePage(transaction, choice, transaction.returnUrl !== undefined));
  });

  return router;
};
