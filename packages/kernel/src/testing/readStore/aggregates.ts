import { describe, expect, it } from 'vitest';
import type { Document } from '../../readStore/readStore.js';
import { fill } from './context.js';
import type { ContractContext } from './context.js';

const ORDERS: Document[] = [
  { _id: 'o1', customer: 'ann', status: 'paid', total: 30, lines: [{ sku: 'A', qty: 1 }, { sku: 'B', qty: 2 }] },
  { _id: 'o2', customer: 'bo', status: 'paid', total: 10, lines: [{ sku: 'A', qty: 3 }] },
  { _id: 'o3', customer: 'ann', status: 'open', total: 5, lines: [] },
  { _id: 'o4', customer: 'cy', status: 'cancelled', total: 50 },
];

export const aggregateContract = ({ make }: ContractContext): void => {
  describe('aggregate', () => {
    const run = async (pipeline: Record<string, unknown>[]): Promise<unknown[]> => {
      const store = await make();
      const orders = store.collection('orders');
      await orders.ensureIndexes([{ keys: { status: 1 } }]);
      await fill(orders, ORDERS);
      return orders.aggregate(pipeline);
    };

    it('$match, $group with accumulators, $sort', async () => {
      expect(
        await run([
          { $match: { status: { $in: ['paid', 'open'] } } },
          {
            $group: {
              _id: '$customer',
              revenue: { $sum: '$total' },
              orders: { $sum: 1 },
              average: { $avg: '$total' },
              smallest: { $min: '$total' },
              largest: { $max: '$total' },
              statuses: { $addToSet: '$status' },
              ids: { $push: '$_id' },
            },
          },
          { $sort: { revenue: -1 } },
        ]),
      ).toEqual([
        { _id: 'ann', revenue: 35, orders: 2, average: 17.5, smallest: 5, largest: 30, statuses: expect.arrayContaining(['paid', 'open']) as unknown, ids: ['o1', 'o3'] },
        { _id: 'bo', revenue: 10, orders: 1, average: 10, smallest: 10, largest: 10, statuses: ['paid'], ids: ['o2'] },
      ]);
    });

    it('$unwind, then $group by an unwound field', async () => {
      expect(
        await run([{ $unwind: '$lines' }, { $group: { _id: '$lines.sku', qty: { $sum: '$lines.qty' } } }, { $sort: { _id: 1 } }]),
      ).toEqual([
        { _id: 'A', qty: 4 },
        { _id: 'B', qty: 2 },
      ]);
      expect(
        await run([{ $match: { _id: 'o3' } }, { $unwind: { path: '$lines', preserveNullAndEmptyArrays: true } }, { $project: { _id: 1, lines: 1 } }]),
      ).toEqual([{ _id: 'o3' }]);
    });

    it('$project with computed fields, $skip, $limit, $count', async () => {
      expect(
        await run([{ $sort: { total: 1 } }, { $skip: 1 }, { $limit: 2 }, { $project: { _id: 0, customer: 1, doubled: { $multiply: ['$total', 2] } } }]),
      ).toEqual([
        { customer: 'bo', doubled: 20 },
        { customer: 'ann', doubled: 60 },
      ]);
      expect(await run([{ $match: { status: 'paid' } }, { $count: 'paid' }])).toEqual([{ paid: 2 }]);
    });

    it('$facet runs several pipelines over the same input', async () => {
      expect(
        await run([
          { $match: { total: { $gte: 10 } } },
          { $facet: { count: [{ $count: 'n' }], top: [{ $sort: { total: -1 } }, { $limit: 1 }, { $project: { _id: 1 } }] } },
        ]),
      ).toEqual([{ count: [{ n: 3 }], top: [{ _id: 'o4' }] }]);
    });

    it('$addFields, $sortByCount and $replaceRoot', async () => {
      expect(await run([{ $sortByCount: '$customer' }, { $sort: { count: -1, _id: 1 } }, { $limit: 2 }])).toEqual([
        { _id: 'ann', count: 2 },
        { _id: 'bo', count: 1 },
      ]);
      expect(
        await run([{ $match: { _id: 'o2' } }, { $addFields: { big: { $gt: ['$total', 20] } } }, { $replaceRoot: { newRoot: { id: '$_id', big: '$big' } } }]),
      ).toEqual([{ id: 'o2', big: false }]);
    });

    it('sorts arrays and mixed types in the pipeline as find does', async () => {
      const store = await make();
      const c = store.collection('c');
      await fill(c, [
        { _id: '1', v: [5, 1] },
        { _id: '2', v: 3 },
        { _id: '3', v: 'text' },
        { _id: '4' },
      ]);
      const piped = (await c.aggregate<{ _id: string }>([{ $sort: { v: 1, _id: 1 } }])).map((d) => d._id);
      const found = (await c.find({}, { sort: { v: 1, _id: 1 } })).map((d) => d._id);
      expect(piped).toEqual(['4', '1', '2', '3']);
      expect(found).toEqual(piped);
    });
  });
};
