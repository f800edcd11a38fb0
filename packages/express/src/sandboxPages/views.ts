import { wechatQrPayload } from '@shopstream/commerce/payment';
import type { SandboxTransaction } from '@shopstream/commerce/payment';
import { formatAmount, html, paymentFacts, PROVIDER_PAGES } from './html.js';
import type { Markup } from './html.js';

/** A page to send: its status, title and content; `returnTo` is where its forms may lead the browser on to. */
export interface Page {
  readonly status: number;
  readonly title: string;
  readonly main: Markup;
  readonly returnTo?: URL;
}

/** What the customer chose on a provider's page. */
export type Choice = 'pay' | 'decline' | 'leave' | 'close';

const returnNote = (returnUrl: URL | null, given: boolean): Markup =>
  returnUrl !== null
    ? html`<p class="note">Afterwards you go back to <code>${returnUrl.origin}</code>.</p>`
    : given
      ? html`<p class="note">The shop's return address was refused (only http and https addresses are followed): the outcome is shown here.</p>`
      : html`<p class="note">The shop gave no return address: the outcome is shown here.</p>`;

/** The provider's page: what is paid to whom, and the customer's choices, each a form carrying the page's token. */
export const paymentPage = (t: SandboxTransaction, input: { readonly action: string; readonly token: string; readonly returnUrl: URL | null }): Page => {
  const provider = PROVIDER_PAGES[t.method];
  const token = html`<input type="hidden" name="token" value="${input.token}">`;
  const qr = t.method === 'wechat_pay' ? html`<p class="note">QR payload: <code>${wechatQrPayload(t.providerReference)}</code></p>` : html``;
  const reasons = provider.declines.map(([code, label]) => html`<option value="${code}">${label} (${code})</option>`);
  return {
    status: 200,
    title: provider.name,
    ...(input.returnUrl === null ? {} : { returnTo: input.returnUrl }),
    main: html`<h1>${provider.name}</h1><p>${provider.lead}</p>${paymentFacts(t)}${qr}
<form method="post" action="${input.action}">${token}<button name="choice" value="pay">Pay ${formatAmount(t.amount)}</button></form>
<form method="post" action="${input.action}">${token}<label>Reason <select name="reason">${reasons}</select></label> <button name="choice" value="decline">Decline</button></form>
<form method="post" action="${input.action}">${token}<button name="choice" value="leave">Leave without paying</button><button name="choice" value="close">Close the trade</button></form>
${returnNote(input.returnUrl, t.returnUrl !== undefined)}`,
  };
};

const OUTCOMES: Readonly<Record<Choice, string>> = {
  pay: 'Paid. The provider has told the shop.',
  decline: 'Declined. The provider has told the shop.',
  leave: 'You left without paying. The payment stays open until it expires; nothing was sent to the shop.',
  close: 'The trade is closed unpaid. The provider has told the shop.',
};

/** What became of the payment, when there is no shop page to go back to. */
export const outcomePage = (t: SandboxTransaction, choice: Choice, returnUrlGiven: boolean): Page => ({
  status: 200,
  title: OUTCOMES[choice],
  main: html`<h1>${OUTCOMES[choice]}</h1>${paymentFacts(t)}<p>Status: <strong>${t.status}</strong>${t.declineCode === undefined ? '' : ` (${t.declineCode})`}</p>${returnNote(null, returnUrlGiven)}`,
});

export const unknownPaymentPage = (reference: string): Page => ({
  status: 404,
  title: 'No such payment',
  main: html`<h1>No such payment</h1><p>No sandbox payment has the reference <code>${reference}</code>. It may belong to an earlier run of the shop: the sandbox keeps its payments in memory.</p>`,
});

export const settledPaymentPage = (t: SandboxTransaction): Page => ({
  status: 409,
  title: `This payment is ${t.status}`,
  main: html`<h1>This payment is ${t.status}</h1>${paymentFacts(t)}<p>The customer can no longer act on it. Start a new payment from the shop.</p>`,
});

export const refusedChoicePage = (why: string): Page => ({
  status: 403,
  title: 'Refused',
  main: html`<h1>Refused</h1><p>${why}</p><p>Open the payment page again and choose there.</p>`,
});

export const badChoicePage = (why: string): Page => ({
  status: 400,
  title: 'Bad request',
  main: html`<h1>Bad request</h1><p>${why}</p>`,
});
